import { expect, test, type Page } from "@playwright/test";
import { api } from "../fixtures";
import { customerWithInstance, embedUrl } from "../ui-embed/helpers";
import { getInstance, newInstance } from "./helpers";
import { startHeldPeer } from "../held-peer";

// The run page is live: a run started from the instance page goes through its nodes on screen, without a
// reload, while the change stream of another customer carries none of it.

/**
 * The app the HTTP node calls answers each request 2 s after the test calls `release()`, so the middle node
 * is "running" for as long as the test needs to look at it, however slow the machine is.
 */
const startPeer = () => startHeldPeer({ delayMs: 2_000, body: { profile: { plan: "gold", seats: 12 } } });

/** Trigger → "Fetch profile" (HTTP to the peer) → "Finish" (JavaScript): three nodes, the middle one slow. */
async function threeNodeInstance(label: string, peerUrl: string) {
  const made = await newInstance("sync-new-contacts", label);
  const patched = await api(made.token, "PATCH", `/flow-instances/${made.id}`, {
    nodes: {
      shape: null,
      create: null,
      trigger: { links: [{ key: "fetch" }] },
      fetch: {
        type: "custom-http-request",
        name: "Fetch profile",
        config: { url: peerUrl, method: "GET", timeout: 60_000 },
        links: [{ key: "finish" }],
      },
      finish: {
        type: "run-javascript",
        name: "Finish",
        config: { code: `module.exports = async function () { return { done: true }; };` },
        links: [],
      },
    },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  return made;
}

const card = (page: Page, key: string) => page.locator(`.react-flow__node [data-node-key="${key}"]`);

/** Run from the instance page (input form), landing on the new run's page. */
async function startRunFromInstancePage(page: Page, instanceId: string) {
  await page.goto(`/flow-instances/${instanceId}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run with input" });
  await dialog.getByLabel("First name").fill("Live");
  await dialog.getByLabel("Last name").fill("Runner");
  await dialog.getByLabel("Email").fill("live@example.com");
  await dialog.getByRole("button", { name: "Start run" }).click();
  await page.waitForURL(/\/flow-runs\/[0-9a-f]{24}$/);
  return page.url().split("/").pop()!;
}

test("the run page follows a run node by node without a reload; another customer's stream carries none of it", async ({
  page,
  browser,
}) => {
  const peer = await startPeer();
  // The other customer: the embed of its own run, in its own browser context, recording its stream's bytes.
  const other = await customerWithInstance("live-other");
  const otherContext = await browser.newContext();
  try {
    const { id: instanceId } = await threeNodeInstance("live", peer.url());
    const otherPage = await otherContext.newPage();
    await otherPage.goto(embedUrl(`flow-runs/${other.runId}/editor`, { token: other.token }));
    await expect(otherPage.getByTestId("run-state")).toHaveText("completed");
    await otherPage.evaluate(() => {
      const w = window as unknown as { __wire: string };
      w.__wire = "";
      void fetch("/embed/events").then(async (res) => {
        const reader = res.body!.getReader();
        const text = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          w.__wire += text.decode(value, { stream: true });
        }
      });
    });
    const wire = () => otherPage.evaluate(() => (window as unknown as { __wire: string }).__wire);
    await expect.poll(wire).toContain("event: ready");

    // Every navigation below is the app's own; the page is never reloaded.
    let loads = 0;
    const runId = await startRunFromInstancePage(page, instanceId);
    page.on("load", () => loads++);

    await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
    await expect(card(page, "trigger")).toHaveAttribute("data-state", "completed");
    await expect(card(page, "fetch")).toHaveAttribute("data-state", "running");
    await expect(card(page, "finish")).toHaveAttribute("data-state", "not-run");
    expect(peer.requests()).toBe(1);
    await expect(page.getByTestId("run-state")).toHaveText("running");
    // A running run counts its time.
    await expect(page.getByTestId("run-elapsed")).toHaveText(/running for \d+ s/);
    const first = await page.getByTestId("run-elapsed").textContent();
    await expect(page.getByTestId("run-elapsed")).not.toHaveText(first!);
    // The finished node's input and output are there while the run goes on.
    await card(page, "trigger").getByRole("button").click();
    await expect(page.getByTestId("node-runs").getByTestId("node-run-outputs")).toContainText(
      "live@example.com",
    );
    await page.screenshot({ path: "e2e/screenshots/live-run-running.png", fullPage: true });

    peer.release();
    await expect(page.getByTestId("run-state")).toHaveText("completed", { timeout: 30_000 });
    await expect(card(page, "fetch")).toHaveAttribute("data-state", "completed");
    await expect(card(page, "finish")).toHaveAttribute("data-state", "completed");
    await expect(page.getByTestId("run-elapsed")).toHaveText(/^took /);
    // Each card says how long its node took: the HTTP node waited on its peer for at least 2 s.
    await expect(card(page, "fetch").getByTestId("node-card-duration")).toHaveText(/^([2-9]|\d{2,})\.\d s/);
    await expect(card(page, "finish").getByTestId("node-card-duration")).toHaveText(/\d/);
    await card(page, "fetch").getByRole("button").click();
    await expect(page.getByTestId("node-runs").getByTestId("node-run-outputs")).toContainText("status: 200");
    await page.screenshot({ path: "e2e/screenshots/live-run-completed.png", fullPage: true });
    expect(loads).toBe(0);

    // The other customer's stream is live (its own new run arrives on it) and never saw this run or instance.
    const own = await api(other.token, "POST", "/flow-runs", {
      flowInstanceId: other.instanceId,
      input: { firstName: "Own", email: "own@example.com" },
    });
    expect(own.status).toBeLessThan(300);
    await expect.poll(wire, { timeout: 20_000 }).toContain(own.body.id as string);
    const bytes = await wire();
    expect(bytes).not.toContain(runId);
    expect(bytes).not.toContain(instanceId);
  } finally {
    await otherContext.close();
    await peer.close();
  }
});

test("Stop ends a run while its HTTP node is waiting", async ({ page }) => {
  const peer = await startPeer();
  try {
    const { token, id: instanceId } = await threeNodeInstance("live-stop", peer.url());
    const runId = await startRunFromInstancePage(page, instanceId);
    await expect(card(page, "fetch")).toHaveAttribute("data-state", "running");
    await page.getByRole("button", { name: "Stop", exact: true }).click();
    await expect(page.getByTestId("run-state")).toHaveText("stopped", { timeout: 20_000 });
    await expect(page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0);
    await expect(card(page, "finish")).toHaveAttribute("data-state", "not-run");
    const run = await api(token, "GET", `/flow-runs/${runId}`);
    expect(run.body.state).toBe("stopped");
    expect((run.body.nodes as Record<string, unknown>).finish).toBeUndefined();
  } finally {
    await peer.close();
  }
});

test("an instance's Runs tab gains new runs at the top without a reload", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "live-list");
  const start = async (firstName: string) => {
    const res = await api(token, "POST", "/flow-runs", {
      flowInstanceId: id,
      input: { firstName, lastName: "List", email: `${firstName.toLowerCase()}@example.com` },
    });
    expect(res.status).toBeLessThan(300);
    return res.body.id as string;
  };
  const firstRun = await start("First");
  await page.goto(`/flow-instances/${id}?tab=runs`);
  const rows = page.getByRole("table", { name: "Runs of this instance" }).locator("tbody tr");
  // The first page is in the server's HTML: no loading state before it.
  await expect(rows.first()).toContainText(firstRun);
  let loads = 0;
  page.on("load", () => loads++);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  const secondRun = await start("Second");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(secondRun);
  await expect(rows.first().getByText("completed")).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "e2e/screenshots/live-runs-list.png", fullPage: true });
  expect(loads).toBe(0);
});

test("the Runs page gains a new run at the top and follows its state without a reload", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "live-all-runs");
  const start = async (firstName: string) => {
    const res = await api(token, "POST", "/flow-runs", {
      flowInstanceId: id,
      input: { firstName, lastName: "Runs", email: `${firstName.toLowerCase()}@example.com` },
    });
    expect(res.status).toBeLessThan(300);
    return res.body.id as string;
  };
  const firstRun = await start("Earlier");
  await page.goto(`/flow-runs?flowInstanceId=${id}`);
  const rows = page.getByRole("table", { name: "Runs", exact: true }).locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(firstRun);
  let loads = 0;
  page.on("load", () => loads++);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");

  const secondRun = await start("Later");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(secondRun);
  await expect(rows.first().getByText("completed")).toBeVisible({ timeout: 30_000 });
  expect(loads).toBe(0);
});

test("Disable flips at once and flips back with an error when the server fails", async ({ page }) => {
  const { token, id } = await newInstance("notify-on-won-deal", "live-optimistic");
  await page.goto(`/flow-instances/${id}`);
  await expect(page.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
  // The server is down for the action's request, which is held for a moment so the optimistic state shows.
  let answer!: () => void;
  const held = new Promise<void>((r) => (answer = r));
  await page.route(`**/flow-instances/${id}`, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await held;
    await route.fulfill({ status: 503, body: "Service Unavailable" });
  });
  await page.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
  answer();
  await expect(page.getByRole("button", { name: "Disable", exact: true })).toBeVisible();
  await expect(page.locator('[role="alert"]').filter({ hasText: /\w/ }).first()).toBeVisible();
  expect((await getInstance(token, id)).enabled).toBe(true);
});
