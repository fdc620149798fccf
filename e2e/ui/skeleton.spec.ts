import { expect, test } from "@playwright/test";

test("an operator opens a seeded instance, runs it and sees it complete", async ({ page }) => {
  await page.goto("/flow-instances");
  await expect(page.getByRole("heading", { name: "Flow instances" })).toBeVisible();
  // Other specs add many instances at once; narrowing to one customer is what an operator would do too.
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "Acme Corp" });
  await expect(page).toHaveURL(/customerId=/);
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: "Acme Corp" }).first()).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/flow-instances.png", fullPage: true });
  await rows
    .filter({ hasText: "Sync new contacts" })
    .filter({ hasText: "Acme Corp" })
    .getByRole("link")
    .first()
    .click();
  await expect(page.getByRole("heading", { name: "Sync new contacts" })).toBeVisible();
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("button", { name: "Edit input as JSON" }).click();
  await page
    .getByLabel("Input (JSON)")
    .fill(JSON.stringify({ firstName: "Linus", lastName: "T", email: "linus@example.com" }));
  await page.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/flow-runs\//);
  await expect(page.getByTestId("run-state")).toHaveText("completed");
  await expect(page.getByTestId("run-output")).toContainText("linus@example.com");
  await page.screenshot({ path: "e2e/screenshots/flow-run.png", fullPage: true });
});
