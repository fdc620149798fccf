import { expect, test } from "@playwright/test";
import { adminToken, api, customerToken } from "../fixtures";

// Connection credentials are encrypted at rest; a change to them must not put them in clear into the audit
// log, neither in its API nor on the console's audit page.
test("new credentials never appear in the audit API or the audit page", async ({ page }) => {
  const admin = await adminToken();
  const customer = await customerToken(`audit-secret-${Date.now()}`);
  const conn = await api(customer, "POST", "/connections", { integrationKey: "sandbox-crm" });
  expect(conn.status).toBeLessThan(300);
  const id = conn.body.id as string;
  const secret = `sk-live-${Date.now().toString(36)}-never-shown`;
  const patched = await api(admin, "PATCH", `/connections/${id}`, {
    name: "Rotated key",
    credentials: { apiKey: secret },
  });
  expect(patched.status).toBe(200);

  const events = await api(admin, "GET", `/audit-events?targetId=${id}`);
  expect(events.status).toBe(200);
  expect(events.body.items?.map((e) => e.action)).toContain("patch");
  expect(JSON.stringify(events.body)).not.toContain(secret);
  expect(JSON.stringify(events.body)).toContain("apiKey"); // which credential changed is still shown

  const html = await (await page.request.get(`/audit?targetId=${id}`)).text();
  expect(html).toContain("Rotated key");
  expect(html).not.toContain(secret);
  await page.goto(`/audit?targetId=${id}`);
  await expect(page.getByText("Rotated key").first()).toBeAttached();
  await expect(page.getByText(secret)).toHaveCount(0);
});
