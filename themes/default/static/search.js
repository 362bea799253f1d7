// Searches the site's index (search-index.json) in the browser. The index
// is fetched on the first keystroke, from the site itself; opened from a
// folder on disk, browsers refuse that, and the page says so.
(function () {
  var form = document.getElementById("search-form");
  var list = document.getElementById("search-results");
  if (!form || !list) return;
  var input = form.q;
  var root = input.dataset.index.replace(/search-index\.json$/, "");
  var kinds = {};
  document.getElementById("search-kinds").content.querySelectorAll("span").forEach(function (s) {
    kinds[s.dataset.kind] = s.textContent;
  });
  var index = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(input.dataset.index)
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (entries) { index = entries; })
        .catch(function () { document.getElementById("search-offline").hidden = false; index = []; });
    }
    return loading;
  }

  function show() {
    var q = input.value.trim().toLowerCase();
    list.textContent = "";
    if (!q || !index) { form.count.value = ""; return; }
    var hits = index.filter(function (e) { return (e.t + " " + e.d).toLowerCase().indexOf(q) >= 0; });
    hits.slice(0, 200).forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + e.u;
      link.textContent = e.t;
      var kind = document.createElement("span");
      kind.className = "tag tag-plain";
      kind.textContent = kinds[e.k] || e.k;
      item.append(link, " ", kind);
      list.append(item);
    });
    form.count.value = String(hits.length);
  }

  input.addEventListener("input", function () { load().then(show); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; load().then(show); }
})();
