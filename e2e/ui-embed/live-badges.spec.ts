import { expect, test } from "@playwright/test";
import { adminToken, api } from "../fixtures";
import { customerWithInstance, embedUrl } from "./helpers";

// The configuration page's badges follow the change stream: the flow disabled, enabled again or archived
// elsewhere (here through the API) shows in the badges without a reload.
test("the embed configuration page's enabled / archived badges follow changes made elsewhere", async ({
  page,
}) => {
  const mine = await customerWithInstance("live-badges");
  await page.goto(embedUrl(`flow-instances/${mine.instanceId}/configuration`, { token: mine.token }));
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  const badges = page.getByTestId("instance-badges");
  await expect(badges).toHaveText("enabled");
  let loads = 0;
  page.on("load", () => loads++);

  // The customer's own API call (another tab, their product's backend) …
  const off = await api(mine.token, "PATCH", `/flow-instances/${mine.instanceId}`, { enabled: false });
  expect(off.status, JSON.stringify(off.body)).toBe(200);
  await expect(badges).toHaveText("disabled");
  // The form below still holds the settings it was loaded with: the page says so, and reloads them on request.
  const notice = page.getByTestId("changed-elsewhere");
  await expect(notice).toContainText("This flow was disabled elsewhere");
  await expect(page.getByRole("switch", { name: "Enabled" })).toHaveAttribute("aria-checked", "true");
  await page.screenshot({ path: "e2e/screenshots/embed-badges-disabled.png" });
  await notice.getByRole("button", { name: "Reload settings" }).click();
  await expect(page.getByRole("switch", { name: "Enabled" })).toHaveAttribute("aria-checked", "false");
  await expect(notice).toHaveCount(0);

  // … and an operator's.
  const admin = await adminToken();
  expect((await api(admin, "PATCH", `/flow-instances/${mine.instanceId}`, { enabled: true })).status).toBe(
    200,
  );
  await expect(badges).toHaveText("enabled");
  expect((await api(admin, "DELETE", `/flow-instances/${mine.instanceId}`)).status).toBeLessThan(300);
  await expect(badges.getByText("archived")).toBeVisible();
  await expect(notice).toContainText("This flow was archived elsewhere");
  await page.screenshot({ path: "e2e/screenshots/embed-badges-archived.png" });
  await notice.getByRole("button", { name: "Reload settings" }).click();
  await expect(page.getByText("This flow is archived and cannot run or be changed.")).toBeVisible();
  await expect(page.getByRole("switch", { name: "Enabled" })).toBeDisabled();
  expect(loads).toBe(0);

  // The page's own save changes the status too: no "changed elsewhere" for it.
  const restored = await api(admin, "POST", `/flow-instance/restore?id=${mine.instanceId}`);
  expect(restored.status, JSON.stringify(restored.body)).toBeLessThan(300);
  await page.getByTestId("changed-elsewhere").getByRole("button", { name: "Reload settings" }).click();
  await expect(badges).toHaveText("enabled");
  await page.getByRole("switch", { name: "Enabled" }).click();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(badges).toHaveText("disabled");
  await expect(page.getByRole("switch", { name: "Enabled" })).toHaveAttribute("aria-checked", "false");
  // Something that must not appear: waited for longer than the notice waits before it shows.
  await page.waitForTimeout(2_500);
  await expect(notice).toHaveCount(0);
});
