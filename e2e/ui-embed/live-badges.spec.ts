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
  await page.screenshot({ path: "e2e/screenshots/embed-badges-disabled.png" });

  // … and an operator's.
  const admin = await adminToken();
  expect((await api(admin, "PATCH", `/flow-instances/${mine.instanceId}`, { enabled: true })).status).toBe(
    200,
  );
  await expect(badges).toHaveText("enabled");
  expect((await api(admin, "DELETE", `/flow-instances/${mine.instanceId}`)).status).toBeLessThan(300);
  await expect(badges.getByText("archived")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/embed-badges-archived.png" });
  expect(loads).toBe(0);
});
