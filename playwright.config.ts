import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/chromium";
import os from "node:os";
import path from "node:path";

// One fresh data folder per test run; set in the main process so workers inherit the same value.
process.env.E2E_RUN_ID ??= String(Date.now());
const port = Number(process.env.E2E_PORT ?? 3123);
export const e2eEnv = {
  PORT: String(port),
  DATA_DIR: path.join(os.tmpdir(), `flowdeck-e2e-${process.env.E2E_RUN_ID}`),
  WORKSPACE_KEY: "e2e-workspace",
  WORKSPACE_SECRET: "e2e-secret-0123456789abcdef0123456789",
  ADMIN_PASSWORD: "e2e-admin-password",
  APP_URL: `http://127.0.0.1:${port}`,
  // The embed specs serve their host page from this second origin.
  EMBED_ALLOWED_ORIGINS: `http://localhost:${port + 1}`,
  // Specs start local peers (an app a HTTP node calls) on 127.0.0.1; outbound requests elsewhere stay blocked.
  OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
};
for (const [k, v] of Object.entries(e2eEnv)) process.env[`E2E_${k}`] = v;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: e2eEnv.APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "api", testDir: "e2e/api" },
    { name: "embed", testDir: "e2e/ui-embed", use: { viewport: { width: 1280, height: 1000 } } },
    {
      name: "ui",
      testDir: "e2e/ui",
      use: { storageState: "e2e/.auth/admin.json", viewport: { width: 1280, height: 860 } },
    },
  ],
  webServer: {
    // The production server, as `npm start` runs it (SERVER_ARGS in scripts/lib.mjs; Playwright's config
    // loader cannot import that .mjs file).
    command: "node .next/flowdeck/scripts/server.mjs",
    url: `${e2eEnv.APP_URL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { ...e2eEnv, NEXT_TELEMETRY_DISABLED: "1" },
  },
});
