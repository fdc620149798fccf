// Debian's Chromium as every browser run of the project launches it (the Playwright suites and bench:ui):
// `npx playwright install` cannot download here, and these flags keep it from reaching the network.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
