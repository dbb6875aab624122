// The browser the clients' pages are checked in: Debian's Chromium, headless, through playwright-core.
import { chromium } from "playwright-core";

/** Launches headless Chromium (`CHROMIUM`, else /usr/bin/chromium). */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
