import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../chromium";

// Browser specs that need PostgreSQL and several processes (two app servers, a worker): run by
// scripts/pg-test.sh (`.ci/run`'s PostgreSQL suite), not by `npm test`. Each spec starts and stops its own
// servers on its own scratch database, so there is no webServer here.

export default defineConfig({
  testDir: ".",
  timeout: 240_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "../../test-results/pg",
  use: {
    trace: "retain-on-failure",
    viewport: { width: 1280, height: 860 },
    launchOptions: chromiumLaunchOptions,
  },
});
