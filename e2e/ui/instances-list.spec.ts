import { expect, test } from "@playwright/test";
import { adminToken, api } from "../fixtures";
import { newInstance } from "./helpers";

test("filters and search live in the URL and match what the API returns", async ({ page }) => {
  const token = await adminToken();
  const globex = (await api(token, "GET", "/customers?search=Globex")).body.items![0];
  const expected = await api(token, "GET", `/flow-instances?customerId=${globex.id}&limit=1000`);

  await page.goto("/flow-instances");
  await expect(page.getByRole("heading", { name: "Flow instances" })).toBeVisible();
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: "Globex Inc" });
  await expect(page).toHaveURL(new RegExp(`customerId=${globex.id}`));
  const rows = page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(expected.body.items!.length);
  for (const row of await rows.all()) await expect(row).toContainText("Globex Inc");
  await expect(page.getByTestId("instances-count")).toHaveText(`${expected.body.items!.length} instances`);

  // Disabled only, for that customer: the API agrees.
  await page.getByLabel("Enabled", { exact: true }).selectOption({ label: "Disabled" });
  await expect(page).toHaveURL(/enabled=false/);
  const disabled = await api(
    token,
    "GET",
    `/flow-instances?customerId=${globex.id}&enabled=false&limit=1000`,
  );
  if (disabled.body.items!.length) await expect(rows).toHaveCount(disabled.body.items!.length);
  else await expect(page.getByText("No flow instances match")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/flow-instances-filtered.png", fullPage: true });

  // Search by a fresh instance's key finds exactly that one.
  const created = await newInstance("notify-on-won-deal", "list-search");
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page).toHaveURL(/\/flow-instances$/);
  await page.getByLabel("Search name, id or key").fill(created.instanceKey);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`search=${created.instanceKey}`));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(created.instanceKey);
  await rows.first().getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/flow-instances/${created.id}`));
});
