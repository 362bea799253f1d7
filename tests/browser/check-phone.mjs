// Opens one page of every page type of a built site on a phone-sized screen
// (390×844, the width of a common phone) and checks that the layout holds:
// the page never scrolls sideways, no caption or heading is squeezed
// narrower than 8 characters (a caption one character wide reads as a
// column of single characters), a table wider than the screen scrolls inside
// its own box with a visible hint, and no image is wider than its box.
//
// Usage: node check-phone.mjs SITE_DIR PAGE...   (exit 0: all good; 1: problems)
// PAGE is a path inside SITE_DIR, e.g. `2025/xishan/index.html`.
// The site is served from 127.0.0.1 so the search page can load its index.
// Chromium: CHROMIUM_PATH, else /usr/bin/chromium.

import { launchOffline } from "./launch.mjs";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const WIDTH = 390;
const HEIGHT = 844;
const MIN_CHARS = 8;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".xml": "application/xml",
};

function serve(root) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/** Runs in the page: every way the phone layout can break, as sentences. */
function measure({ width, minChars }) {
  const problems = [];
  const text = (el) => el.textContent.replace(/\s+/g, " ").trim();
  const short = (s) => (s.length > 30 ? s.slice(0, 30) + "…" : s);
  const doc = document.documentElement;
  if (doc.scrollWidth > width) problems.push(`page is ${doc.scrollWidth}px wide, wider than the ${width}px screen`);

  // Captions and headings: at least 8 characters wide (or as wide as their text).
  for (const el of document.querySelectorAll("caption, figcaption, h1, h2, h3, thead th, summary")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || style.visibility === "hidden" || box.width === 0) continue;
    const head = el.closest("thead");
    if (head && getComputedStyle(head).position === "absolute") continue; // visually hidden, for screen readers
    // A column header may wrap to lines of 4 characters; captions and headings need 8.
    const least = el.localName === "th" ? minChars / 2 : minChars;
    const chars = [...text(el)].length;
    const fontSize = parseFloat(style.fontSize);
    const need = Math.min(chars, least) * fontSize * 0.9;
    if (box.width < need)
      problems.push(`${el.localName} "${short(text(el))}" is ${Math.round(box.width)}px wide, under ${Math.min(chars, least)} characters (${Math.round(need)}px)`);
    // Inside a scrolling table box, running past the screen edge is what scrolling is for.
    if (box.right > width + 0.5 && !el.closest(".table-scroll")) problems.push(`${el.localName} "${short(text(el))}" runs off the screen (right edge at ${Math.round(box.right)}px)`);
  }

  // Tables: fully on screen, or scrolling inside their own box that says so.
  for (const table of document.querySelectorAll("table")) {
    if (getComputedStyle(table).display === "none") continue;
    const name = short(text(table.querySelector("caption") || table.querySelector("th") || table));
    const box = table.getBoundingClientRect();
    if (box.right <= width + 0.5) continue;
    const scroller = table.closest(".table-scroll");
    if (!scroller) {
      problems.push(`table "${name}" is ${Math.round(box.width)}px wide and not in a .table-scroll box`);
      continue;
    }
    const outer = scroller.getBoundingClientRect();
    if (outer.right > width + 0.5) problems.push(`the scroll box of table "${name}" runs off the screen`);
    if (getComputedStyle(scroller).overflowX !== "auto" && getComputedStyle(scroller).overflowX !== "scroll")
      problems.push(`the box of table "${name}" does not scroll`);
    // The hint: a visible element of class scroll-hint beside the box, or a shadow on it.
    const hint = scroller.parentElement.querySelector(":scope > .scroll-hint") || scroller.querySelector(".scroll-hint");
    const hintShown = hint && getComputedStyle(hint).display !== "none" && hint.getBoundingClientRect().height > 0;
    if (!hintShown) problems.push(`table "${name}" scrolls sideways with no visible hint that it does`);
  }

  // Images: no wider than the box that holds them, and on the screen.
  for (const img of document.querySelectorAll("img, svg")) {
    if (img.closest("svg") !== img && img.localName === "svg") continue;
    const box = img.getBoundingClientRect();
    if (box.width === 0) continue;
    const holder = img.parentElement.closest("p, figure, div, main, section, article, li, td, th") || document.body;
    const room = holder.getBoundingClientRect();
    const name = img.localName === "img" ? img.getAttribute("src") : img.closest("figure")?.id || "svg";
    if (img.closest(".table-scroll")) continue;
    if (box.width > room.width + 0.5 || box.right > width + 0.5)
      problems.push(`${img.localName} ${name} is ${Math.round(box.width)}px wide in a ${Math.round(room.width)}px box`);
  }
  return problems;
}

async function main() {
  const site = resolve(process.argv[2] || "");
  const pages = process.argv.slice(3);
  if (pages.length === 0) {
    console.error("usage: node check-phone.mjs SITE_DIR PAGE...");
    process.exit(2);
  }
  const server = await serve(site);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchOffline({ allowLocal: true });
  const context = await browser.newContext({
    viewport: { width: WIDTH, height: HEIGHT },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  let failed = 0;
  for (const path of pages) {
    const page = await context.newPage();
    const problems = [];
    const response = await page.goto(`${origin}/${path}`, { waitUntil: "load" });
    if (!response || response.status() !== 200) problems.push(`load failed: ${response ? response.status() : "no response"}`);
    else problems.push(...(await page.evaluate(measure, { width: WIDTH, minChars: MIN_CHARS })));
    console.log(`${path}: ${problems.length} problems`);
    for (const p of problems) console.log(`  - ${p}`);
    if (problems.length) failed++;
    await page.close();
  }
  await browser.close();
  server.close();
  console.log(`phone: ${pages.length} pages checked, ${failed} with problems`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
