import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

// The Runs page's instance filter is picked, never typed as an id: part of the instance's or the
// customer's name brings suggestions, the choice shows by name, and the address carries its id.
test("the Runs page filters by an instance picked by name", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "runs-picker");
  const tag = `${Date.now()}`.slice(-7);
  const name = `Picker target ${tag}`;
  expect((await api(token, "PATCH", `/flow-instances/${id}`, { name })).status).toBe(200);
  const run = await api(token, "POST", "/flow-runs", {
    flowInstanceId: id,
    input: { firstName: "Ada", email: "ada@example.com" },
  });
  expect(run.status).toBe(201);
  const runId = run.body.id as string;
  // Another customer's run, which the filter must leave out.
  const other = await newInstance("sync-new-contacts", "runs-picker-other", "Globex Inc");
  const otherRun = await api(token, "POST", "/flow-runs", {
    flowInstanceId: other.id,
    input: { firstName: "Bob", email: "bob@example.com" },
  });
  expect(otherRun.status).toBe(201);

  await page.goto("/flow-runs");
  await expect(page.getByRole("table").getByRole("link", { name: otherRun.body.id as string })).toBeVisible();
  const box = page.getByRole("combobox", { name: "Instance" });
  await expect(page.getByLabel("Instance id")).toHaveCount(0);
  // A word of the customer's name and one of the instance's name.
  await box.fill(`initech ${tag}`);
  const list = page.getByRole("listbox", { name: "Instance suggestions" });
  const option = list.getByRole("option", { name: new RegExp(name) });
  await expect(option).toBeVisible();
  await expect(option).toContainText("Initech");
  await expect(list.getByRole("option")).toHaveCount(1);
  await page.screenshot({ path: "e2e/screenshots/runs-instance-picker.png" });
  await option.click();

  await expect(page).toHaveURL(new RegExp(`[?&]flowInstanceId=${id}(&|$)`));
  const chip = page.getByTestId("filter-flowInstanceId-chip");
  await expect(chip).toContainText(name);
  await expect(chip).toContainText("Initech");
  await expect(chip).not.toContainText(id);
  await expect(page.getByRole("table").getByRole("link", { name: runId })).toBeVisible();
  await expect(page.getByRole("table").getByRole("link", { name: otherRun.body.id as string })).toHaveCount(
    0,
  );
  await page.screenshot({ path: "e2e/screenshots/runs-instance-chosen.png" });

  // The address alone (a shared link, a reload) shows the same chip.
  await page.reload();
  await expect(page.getByTestId("filter-flowInstanceId-chip")).toContainText(name);

  // Keyboard: the chip's remove button clears the filter and gives the focus back to the input; arrows
  // and Enter pick.
  await page.getByRole("button", { name: `Remove instance filter (${name})` }).click();
  await expect(page).not.toHaveURL(/flowInstanceId=/);
  await expect(box).toBeFocused();
  await expect(page.getByRole("table").getByRole("link", { name: otherRun.body.id as string })).toBeVisible();
  await page.keyboard.type(`target ${tag}`);
  await expect(list.getByRole("option", { name: new RegExp(name) })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]flowInstanceId=${id}(&|$)`));
  await expect(page.getByTestId("filter-flowInstanceId-chip")).toContainText(name);

  // Nothing matching says so.
  await page.getByRole("button", { name: `Remove instance filter (${name})` }).click();
  await box.fill(`no such instance ${tag}`);
  await expect(list).toContainText("No instance matches");
});
