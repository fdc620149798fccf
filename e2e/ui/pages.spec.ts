import { expect, test } from "@playwright/test";
import { adminToken, api } from "../fixtures";

test("flows, customers and the global search", async ({ page }) => {
  const token = await adminToken();
  const flows = await api(token, "GET", "/flows");
  const sync = flows.body.items!.find((f) => f.key === "sync-new-contacts")!;
  const countNow = async () =>
    (await api(token, "GET", `/flow-instances?flowId=${sync.id}&limit=1000`)).body.items!.length;
  // Specs running in parallel add instances of this flow, so the page's count must lie between the API's
  // count just before and just after the page was rendered.
  const before = await countNow();
  await page.goto("/flows");
  const row = page.getByRole("row").filter({ hasText: "Sync new contacts" });
  const shown = Number(await row.getByTestId("flow-instances-count").textContent());
  const after = await countNow();
  expect(shown).toBeGreaterThanOrEqual(before);
  expect(shown).toBeLessThanOrEqual(after);
  await page.screenshot({ path: "e2e/screenshots/flows.png", fullPage: true });
  await row.getByRole("link", { name: "Sync new contacts" }).click();
  await expect(page.locator(".react-flow__node")).toHaveCount(Object.keys(sync.nodes as object).length);

  // An invalid filter in the address is named and ignored, not silently dropped.
  await page.goto("/flow-runs?state=bogus");
  await expect(page.getByRole("alert").filter({ hasText: "were ignored" })).toContainText("ignored: state");
  await page.goto("/customers?limit=0");
  await expect(page.getByRole("alert").filter({ hasText: "were ignored" })).toContainText("ignored: limit");

  await page.goto("/customers");
  await page.getByRole("link", { name: "Acme Corp" }).click();
  await expect(page.getByRole("heading", { name: "Acme Corp" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Connections" })).toBeVisible();
  await expect(page.getByText("Acme CRM")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/customer.png", fullPage: true });

  await page.getByRole("searchbox", { name: "Search instances, customers and flows" }).fill("Globex");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=Globex/);
  await expect(
    page.getByRole("region", { name: "Customers" }).getByRole("link", { name: "Globex Inc" }),
  ).toBeVisible();
});
