import { chromium, type FullConfig } from "@playwright/test";
import fs from "node:fs";

/** Signs in to the console once and keeps the session for the `ui` project. */
export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0].use;
  fs.mkdirSync("e2e/.auth", { recursive: true });
  fs.mkdirSync("e2e/screenshots", { recursive: true });
  const browser = await chromium.launch(launchOptions);
  const page = await browser.newPage({ baseURL });
  await page.goto("/login");
  await page.getByLabel("Password").fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/flow-instances");
  await page.context().storageState({ path: "e2e/.auth/admin.json" });
  await browser.close();
}
