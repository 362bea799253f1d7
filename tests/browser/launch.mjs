// Debian's Chromium as the browser tests drive it: headless, no sandbox (CI
// runs as root), no background traffic, and no name resolves, so nothing
// can load from another host. `allowLocal` lets 127.0.0.1 through for a
// test that serves the site itself.
import { chromium } from "playwright-core";

export function launchOffline({ allowLocal = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      allowLocal ? "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" : "--host-resolver-rules=MAP * ~NOTFOUND",
    ],
  });
}
