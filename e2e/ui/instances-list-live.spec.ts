import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

// The instance list follows the change stream: a run started elsewhere (here: the API) shows as the row's
// last run, and an instance disabled elsewhere shows as disabled, without reloading the page.
test("a row's last run and enabled state update in the open list without a reload", async ({ page }) => {
  const inst = await newInstance("notify-on-won-deal", "list-live");
  await page.goto(`/flow-instances?search=${inst.instanceKey}`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  const row = page.getByRole("table").getByRole("row").filter({ hasText: inst.instanceKey });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("never run");
  await expect(row).toContainText("enabled");
  // A marker on the window survives as long as the page is not reloaded.
  await page.evaluate(() => Object.assign(window, { __listLiveMarker: true }));

  const started = await api(inst.token, "POST", "/flow-runs", { flowInstanceId: inst.id, input: {} });
  expect(started.status).toBe(201);
  const runId = started.body.id as string;
  // The row points at the new run as soon as it exists.
  const lastRun = row.getByRole("link", { name: /^Last run: / });
  await expect(lastRun).toHaveAttribute("href", `/flow-runs/${runId}`);
  // ...and ends in the state the API reports once the run has finished.
  let final = "";
  await expect
    .poll(
      async () => {
        final = String((await api(inst.token, "GET", `/flow-runs/${runId}`)).body.state);
        return ["completed", "failed", "stopped"].includes(final);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  await expect(lastRun).toHaveAccessibleName(`Last run: ${final}`);
  await expect(row).not.toContainText("never run");

  const disabled = await api(inst.token, "PATCH", `/flow-instances/${inst.id}`, { enabled: false });
  expect(disabled.status).toBe(200);
  await expect(row.getByText("disabled", { exact: true })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/instances-list-live.png", fullPage: true });

  expect(await page.evaluate(() => (window as { __listLiveMarker?: boolean }).__listLiveMarker)).toBe(true);
});
