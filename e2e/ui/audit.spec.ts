import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

type AuditEvent = { action: string; targetType: string; targetId: string; actor: Record<string, unknown> };

test("the audit page lists an instance's changes like the API, and failed changes leave no row", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "audit"); // create, by API token
  const events = async (query: string) =>
    (await api(token, "GET", `/audit-events?${query}`)).body.items as unknown as AuditEvent[];

  // disable from the console, by the signed-in operator
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  // The button flips at once (optimistic); the toast says the server has committed the change.
  await expect(page.getByRole("status").filter({ hasText: "Instance disabled" })).toBeVisible();
  // enable, rename and run through the API
  expect((await api(token, "PATCH", `/flow-instances/${id}`, { enabled: true })).status).toBe(200);
  expect((await api(token, "PATCH", `/flow-instances/${id}`, { name: "Audited sync" })).status).toBe(200);
  const run = await api(token, "POST", "/flow-runs", {
    flowInstanceId: id,
    input: { firstName: "Ada", email: "ada@example.com" },
  });
  expect(run.status).toBeLessThan(300);
  const runId = run.body.id as string;

  const expected = ["patch", "enable", "disable", "create"]; // newest first
  expect((await events(`targetId=${id}`)).map((e) => e.action)).toEqual(expected);

  // Failed changes are rolled back with their audit row: invalid parameters, a stale If-Match, archived run.
  const bad = await api(token, "PATCH", `/flow-instances/${id}`, { parameters: { tag: 42 } });
  expect(bad.status).toBe(400);
  const stale = await api(token, "PATCH", `/flow-instances/${id}`, { name: "Stale" }, { "if-match": "1" });
  expect(stale.status).toBe(409);
  expect((await events(`targetId=${id}`)).map((e) => e.action)).toEqual(expected);

  await page.goto(`/audit?targetId=${id}`);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }),
  ).toHaveAttribute("aria-current", "page");
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(expected.length);
  for (const [i, action] of expected.entries()) {
    await expect(rows.nth(i).getByRole("cell").nth(3)).toHaveText(action);
    await expect(rows.nth(i).getByRole("link", { name: "Audited sync" })).toHaveAttribute(
      "href",
      `/flow-instances/${id}`,
    );
  }
  const disable = rows.filter({ hasText: "disable" });
  await expect(disable).toContainText("Operator");
  await expect(disable).toContainText("console");
  const patch = rows.nth(0);
  await expect(patch).toContainText("API token");
  await expect(patch).toContainText("Initech");
  // The diff opens on demand and shows what changed.
  const newName = patch.getByText('"Audited sync"', { exact: true });
  await expect(newName).toBeHidden();
  await patch.getByText(/^\d+ fields?$/).click();
  await expect(newName).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/audit.png", fullPage: true });

  // Filters live in the URL.
  await page.getByLabel("Action", { exact: true }).selectOption("disable");
  await expect(page).toHaveURL(/action=disable/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("disable");

  // The run is audited on the run, linked to its page.
  await page.goto(`/audit?targetType=flow-run&targetId=${runId}`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("run");
  await rows.first().getByRole("link", { name: "Run" }).click();
  await expect(page).toHaveURL(new RegExp(`/flow-runs/${runId}$`));
  expect((await events(`targetId=${runId}`)).map((e) => e.action)).toEqual(["run"]);

  await page.goto(`/audit?targetId=no-such-target`);
  await expect(page.getByText("No audit events match")).toBeVisible();
});
