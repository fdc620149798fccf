import { expect, test, type Page } from "@playwright/test";
import { adminToken, api } from "../fixtures";
import { newInstance } from "./helpers";

const N = 120;

/** Calls fn(0..n-1), `size` at a time, and returns the results in order. */
async function inBatches<T>(n: number, size: number, fn: (i: number) => Promise<T>) {
  const out: T[] = [];
  for (let i = 0; i < n; i += size)
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => fn(i + j)))));
  return out;
}

/** Counts the server action calls the bulk bar makes (one per chunk of ids). */
function countActionCalls(page: Page) {
  const calls = { n: 0 };
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) calls.n++;
  });
  return calls;
}

async function confirmBulk(page: Page, button: string, verb: string, count: number, noun: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `${verb} ${count} ${noun}?` });
  await dialog.getByRole("button", { name: `${verb} ${count}`, exact: true }).click();
}

test("bulk run and disable over 120 instances report every item, failures with their reason", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const token = await adminToken();
  // A customer of its own, so the page shows exactly these instances.
  const ts = Date.now();
  const customer = await api(token, "POST", "/customers", { internalId: `bulk-${ts}`, name: `Bulk ${ts}` });
  expect(customer.status).toBe(201);
  const customerId = customer.body.id as string;
  const conn = await api(token, "POST", "/connections", {
    integrationKey: "sandbox-crm",
    customerId,
    credentials: { apiKey: "sandbox-crm-key" },
  });
  expect(conn.status).toBe(201);
  const ids = await inBatches(N, 8, async (i) => {
    const res = await api(
      token,
      "GET",
      `/connections/${conn.body.id}/flows/notify-on-won-deal?instanceKey=bulk-${ts}-${i}&autoCreate=true`,
    );
    expect(res.status).toBe(200);
    return res.body.id as string;
  });
  // Archived instances cannot run: this one must be reported as failed while the others run.
  const archived = ids[7];
  expect((await api(token, "DELETE", `/flow-instances/${archived}`)).status).toBe(200);

  try {
    const calls = countActionCalls(page);
    await page.goto(`/flow-instances?customerId=${customerId}&archived=all&limit=200`);
    const rows = page
      .getByRole("table")
      .getByRole("row")
      .filter({ has: page.getByRole("cell") });
    await expect(rows).toHaveCount(N);
    await expect(page.getByRole("region", { name: "Bulk actions" })).toHaveCount(0);

    // One row, then all of them.
    await page.getByLabel(`Select Notify on won deal (bulk-${ts}-3)`).check();
    await expect(page.getByTestId("bulk-selected")).toHaveText("1 flow instance selected");
    await page.getByLabel("Select all", { exact: true }).check();
    await expect(page.getByTestId("bulk-selected")).toHaveText(`${N} flow instances selected`);

    await confirmBulk(page, "Run selected", "Run", N, "flow instances");
    await expect(page.getByRole("progressbar", { name: "Run progress" })).toBeVisible();
    const summary = page.getByTestId("bulk-summary");
    await expect(summary.getByRole("status")).toHaveText(`${N - 1} succeeded, 1 failed`, { timeout: 60_000 });
    await expect(page.getByTestId("bulk-progress")).toHaveText(`${N} / ${N}`);
    expect(calls.n).toBe(Math.ceil(N / 50)); // sent in chunks, which is what moves the progress bar
    const failed = page.getByRole("list", { name: "Failed" }).getByRole("listitem");
    await expect(failed).toHaveCount(1);
    await expect(failed).toContainText(`bulk-${ts}-7`);
    await expect(failed).toContainText("the flow instance is archived; restore it to run");
    await summary.getByText(`Succeeded (${N - 1})`).click();
    await expect(page.getByRole("list", { name: "Succeeded" }).getByRole("listitem")).toHaveCount(N - 1);
    await page.screenshot({ path: "e2e/screenshots/bulk.png", fullPage: false });
    await page.getByRole("button", { name: "Select the failed only" }).click();
    await expect(page.getByTestId("bulk-selected")).toHaveText("1 flow instance selected");
    await expect(page.getByLabel(`Select Notify on won deal (bulk-${ts}-7)`)).toBeChecked();

    // The API agrees: one run for each instance but the archived one.
    const runs = await api(token, "GET", `/flow-runs?customerId=${customerId}&limit=1000`);
    const ran = new Set(runs.body.items!.map((r) => r.flowInstanceId as string));
    expect(runs.body.items).toHaveLength(N - 1);
    expect(ran).toEqual(new Set(ids.filter((id) => id !== archived)));

    // Disable all of them.
    await page.getByLabel("Select all", { exact: true }).check();
    await expect(page.getByTestId("bulk-selected")).toHaveText(`${N} flow instances selected`);
    calls.n = 0;
    await confirmBulk(page, "Disable selected", "Disable", N, "flow instances");
    // The archived one is refused like every write to an archived instance; the others are disabled.
    await expect(summary.getByRole("status")).toHaveText(`${N - 1} succeeded, 1 failed`, { timeout: 60_000 });
    await expect(page.getByTestId("bulk-progress")).toHaveText(`${N} / ${N}`);
    expect(calls.n).toBe(Math.ceil(N / 50));
    await expect(page.getByRole("list", { name: "Failed" }).getByRole("listitem")).toContainText(
      `bulk-${ts}-7`,
    );
    await expect(page.getByRole("table").getByText("enabled", { exact: true })).toHaveCount(1);
    const after = await api(
      token,
      "GET",
      `/flow-instances?customerId=${customerId}&includeArchived=true&limit=1000`,
    );
    expect(after.body.items).toHaveLength(N);
    for (const i of after.body.items!) expect(i.enabled, String(i.id)).toBe(i.id === archived);
    // Each item was its own audited change.
    const audit = await api(token, "GET", `/audit-events?targetId=${ids[0]}&action=disable`);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items![0].actor).toMatchObject({ type: "operator", channel: "console" });
  } finally {
    // Off the default lists again, so specs that read the first page of instances are not crowded out.
    await inBatches(N, 8, (i) => api(token, "DELETE", `/flow-instances/${ids[i]}`));
  }
});

test("bulk repeat and stop on the runs list", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "bulk-runs");
  const inputs = [1, 2, 3].map((n) => ({ firstName: `Bulk${n}`, email: `bulk${n}@example.com` }));
  const sources: string[] = [];
  for (const input of inputs) {
    const res = await api(token, "POST", "/flow-runs", { flowInstanceId: id, input });
    expect(res.status).toBeLessThan(300);
    sources.push(res.body.id as string);
  }
  const states = async () =>
    (await api(token, "GET", `/flow-runs?flowInstanceId=${id}&limit=100`)).body.items!.map((r) => r.state);
  await expect.poll(states, { timeout: 30_000 }).toEqual(["completed", "completed", "completed"]);

  await page.goto(`/flow-runs?flowInstanceId=${id}`);
  await page.getByLabel("Select all", { exact: true }).check();
  await expect(page.getByTestId("bulk-selected")).toHaveText("3 runs selected");
  await confirmBulk(page, "Repeat selected", "Repeat", 3, "runs");
  const summary = page.getByTestId("bulk-summary");
  await expect(summary.getByRole("status")).toHaveText("3 succeeded, 0 failed");
  await summary.getByText("Succeeded (3)").click();
  await expect(
    page.getByRole("list", { name: "Succeeded" }).getByRole("link", { name: /^new run / }),
  ).toHaveCount(3);
  const all = (await api(token, "GET", `/flow-runs?flowInstanceId=${id}&limit=100`)).body.items!;
  expect(all).toHaveLength(6);
  const repeats = all.filter((r) => !sources.includes(r.id as string));
  expect(
    repeats.map((r) => r.input).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  ).toEqual(inputs);

  // The list now also shows the new runs, unselected; the three finished ones cannot be stopped.
  await expect(
    page
      .getByRole("table")
      .getByRole("row")
      .filter({ has: page.getByRole("cell") }),
  ).toHaveCount(6);
  await expect(page.getByTestId("bulk-selected")).toHaveText("3 runs selected");
  await confirmBulk(page, "Stop selected", "Stop", 3, "runs");
  await expect(summary.getByRole("status")).toHaveText("0 succeeded, 3 failed");
  const failed = page.getByRole("list", { name: "Failed" }).getByRole("listitem");
  await expect(failed).toHaveCount(3);
  for (const src of sources)
    await expect(failed.filter({ hasText: src })).toContainText("Flow run is already completed");
});
