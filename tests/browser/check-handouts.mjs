// Opens every offline handout of a built site the way a reader with a USB
// stick does: from file://, with the network off. Checks that nothing is
// requested from anywhere, nothing is logged as an error, every chart shows,
// then prints each to A4 PDF and checks the page count and that no chart is
// split across two pages (all of a chart's text is on one printed page),
// and that the last page is no orphan: the bulletin's own last words (the
// end of its notes) are printed on it, not only the closing line.
//
// Usage: node check-handouts.mjs SITE_DIR     (exit 0: all good; 1: problems)
// Chromium: CHROMIUM_PATH, else /usr/bin/chromium.

import { launchOffline } from "./launch.mjs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const MAX_PAGES = 40;

function handouts(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...handouts(path));
    else if (name.endsWith(".html")) found.push(path);
  }
  return found;
}

/** The text of each printed page, whitespace removed (pdftotext splits pages with form feeds). */
function pdfPages(pdfPath) {
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdfPath, "-"], { encoding: "utf8" });
  return text.split("\f").slice(0, -1).map((page) => page.replace(/\s+/g, ""));
}

async function checkHandout(browser, file, scratch) {
  const problems = [];
  const context = await browser.newContext({ offline: true });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    problems.push(`requested ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`script error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`failed request: ${req.url()}`));

  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const scripts = await page.locator("script").count();
  if (scripts > 0) problems.push(`${scripts} script element(s): a handout needs none`);

  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((f) => {
      const svg = f.querySelector("svg");
      const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      const style = svg ? getComputedStyle(svg) : null;
      return {
        id: f.id,
        caption: (f.querySelector("figcaption")?.textContent || "").replace(/\s+/g, ""),
        texts: svg ? [...svg.querySelectorAll("text")].map((t) => t.textContent.replace(/\s+/g, "")).filter(Boolean) : [],
        visible: !!svg && box.width > 100 && box.height > 40 && style.visibility !== "hidden" && style.display !== "none",
      };
    }),
  );
  for (const c of charts) if (!c.visible) problems.push(`chart ${c.id} is not visible`);

  await page.emulateMedia({ media: "print" });
  const mainEnd = (await page.$eval("main", (m) => m.innerText)).replace(/\s+/g, "").slice(-12);
  const pdf = join(scratch, relative(scratch, file).replace(/[\\/]/g, "_") + ".pdf");
  writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const pages = pdfPages(pdf);
  if (pages.length < 1 || pages.length > MAX_PAGES) problems.push(`printed on ${pages.length} pages`);
  if (pages.length > 1 && !pages[pages.length - 1].includes(mainEnd)) {
    problems.push(`the last printed page holds only the closing line (the bulletin ends on page ${pages.findIndex((p) => p.includes(mainEnd)) + 1} of ${pages.length})`);
  }
  for (const c of charts) {
    const whole = pages.some((text) => text.includes(c.caption) && c.texts.every((t) => text.includes(t)));
    if (!whole) {
      const where = pages.map((text, i) => (text.includes(c.caption) ? i + 1 : 0)).filter(Boolean);
      problems.push(`chart ${c.id} ("${c.caption}") is not whole on one printed page (caption on page ${where.join(", ") || "none"})`);
    }
  }
  await context.close();
  return { charts: charts.length, pages: pages.length, problems };
}

async function main() {
  const site = resolve(process.argv[2] || "");
  const files = handouts(join(site, "handouts"));
  if (files.length === 0) {
    console.error(`no handouts under ${site}/handouts`);
    process.exit(1);
  }
  const browser = await launchOffline();
  const scratch = mkdtempSync(join(tmpdir(), "gongbao-handouts-"));
  let failed = 0;
  for (const file of files) {
    const result = await checkHandout(browser, file, scratch);
    const name = relative(site, file);
    console.log(`${name}: ${result.charts} charts, ${result.pages} printed pages, ${result.problems.length} problems`);
    for (const p of result.problems) console.log(`  - ${p}`);
    if (result.problems.length) failed++;
  }
  await browser.close();
  console.log(`handouts: ${files.length} checked, ${failed} with problems`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
