import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { getInstance, newInstance } from "./helpers";

test("Disable and Enable", async ({ page }) => {
  const { token, id } = await newInstance("notify-on-won-deal", "toggle");
  await page.goto(`/flow-instances/${id}`);
  const badges = page.getByTestId("instance-badges");
  await expect(badges).toContainText("enabled");
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  await expect(badges).toContainText("disabled");
  await expect(page.getByRole("status").filter({ hasText: "Instance disabled" })).toBeVisible();
  expect((await getInstance(token, id)).enabled).toBe(false);

  await page.getByRole("button", { name: "Enable", exact: true }).click();
  await expect(page.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Instance enabled" })).toBeVisible();
  expect((await getInstance(token, id)).enabled).toBe(true);
});

test("Archive asks first, hides the instance from lists, and Restore brings it back", async ({ page }) => {
  const { token, id, instanceKey } = await newInstance("notify-on-won-deal", "archive");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: "Archive", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Archive this instance?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect((await getInstance(token, id)).archivedAt).toBeFalsy();

  await page.getByRole("button", { name: "Archive", exact: true }).click();
  await dialog.getByRole("button", { name: "Archive instance" }).click();
  await expect(page.getByRole("button", { name: "Restore", exact: true })).toBeVisible();
  await expect(page.getByTestId("instance-badges")).toContainText("archived");
  await expect(page.getByRole("button", { name: "Run", exact: true })).toHaveCount(0);
  expect((await getInstance(token, id)).archivedAt).toBeTruthy();
  expect((await api(token, "GET", `/flow-instances?instanceKey=${instanceKey}`)).body.items).toHaveLength(0);
  await page.screenshot({ path: "e2e/screenshots/flow-instance-archived.png", fullPage: true });

  await page.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(page.getByRole("button", { name: "Archive", exact: true })).toBeVisible();
  expect((await getInstance(token, id)).archivedAt).toBeFalsy();
  expect((await api(token, "GET", `/flow-instances?instanceKey=${instanceKey}`)).body.items).toHaveLength(1);
});

test("Reset asks first and restores a customized instance; Set up reports the state", async ({ page }) => {
  const { token, id } = await newInstance("notify-on-won-deal", "reset");
  expect((await api(token, "PATCH", `/flow-instances/${id}`, { name: "Renamed by spec" })).status).toBe(200);
  await page.goto(`/flow-instances/${id}`);
  await expect(page.getByRole("heading", { name: "Renamed by spec" })).toBeVisible();
  await expect(page.getByTestId("instance-badges")).toContainText("customized");

  await page.getByRole("button", { name: "Set up", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Set up: READY" })).toBeVisible();

  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await page
    .getByRole("dialog", { name: "Reset this instance?" })
    .getByRole("button", { name: "Reset instance" })
    .click();
  await expect(page.getByRole("heading", { name: "Notify on won deal" })).toBeVisible();
  await expect(page.getByTestId("instance-badges")).not.toContainText("customized");
  const instance = await getInstance(token, id);
  expect(instance.isCustomized).toBe(false);
  expect(instance.name).toBe("Notify on won deal");
});

test("Parameters are edited through the generated form", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "params");
  await page.goto(`/flow-instances/${id}?tab=parameters`);
  await page.getByLabel("Tag added to every contact").fill("vip");
  await page.getByRole("button", { name: "Save parameters" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Parameters saved" })).toBeVisible();
  expect((await getInstance(token, id)).parameters.tag).toBe("vip");
});
