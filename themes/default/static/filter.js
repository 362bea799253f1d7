// Filters the project table in the browser, without a server. The table is
// complete without this script; the form stays hidden when scripts are off.
(function () {
  var form = document.getElementById("project-filters");
  var table = document.getElementById("project-table");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  form.hidden = false;

  function apply() {
    var q = form.q.value.trim().toLowerCase();
    var want = { region: form.region.value, sector: form.sector.value, status: form.status.value, year: form.year ? form.year.value : "" };
    var shown = 0;
    rows.forEach(function (row, i) {
      var ok = (!q || texts[i].indexOf(q) >= 0) &&
        (!want.region || (" " + row.dataset.regions + " ").indexOf(" " + want.region + " ") >= 0) &&
        (!want.sector || row.dataset.sector === want.sector) &&
        (!want.status || row.dataset.status === want.status) &&
        (!want.year || row.dataset.year === want.year);
      row.hidden = !ok;
      if (ok) shown++;
    });
    form.count.value = shown + " / " + rows.length;
  }

  // A link such as projects/?region=xishan opens the list filtered.
  var initial = new URLSearchParams(location.search);
  ["q", "region", "sector", "status", "year"].forEach(function (k) {
    if (initial.get(k) !== null && form[k]) form[k].value = initial.get(k);
  });
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
