import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

// Each node waits 500 ms on a timer (no CPU, under the sandbox's 1 s limit); forty of them keep the run
// going for about 20 s, far longer than opening the page and pressing Stop takes even on a busy machine.
const SLOW = `module.exports = async function () { await new Promise((r) => setTimeout(r, 500)); return { ok: true }; };`;
const COUNT = 40;

test("Stop ends a running run", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "stop");
  const nodes: Record<string, unknown> = {
    shape: null,
    create: null,
    trigger: { links: [{ key: "slow1" }] },
  };
  for (let i = 1; i <= COUNT; i++)
    nodes[`slow${i}`] = {
      type: "run-javascript",
      name: `Slow ${i}`,
      config: { code: SLOW },
      links: i < COUNT ? [{ key: `slow${i + 1}` }] : [],
    };
  const patched = await api(token, "PATCH", `/flow-instances/${id}`, { nodes });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const started = await api(token, "POST", "/flow-runs", {
    flowInstanceId: id,
    input: { firstName: "Slow", email: "slow@example.com" },
  });
  expect(started.status).toBeLessThan(300);
  const runId = started.body.id as string;

  await page.goto(`/flow-runs/${runId}`);
  await expect(page.getByTestId("run-state")).toHaveText(/queued|running/);
  await expect(page.locator(".react-flow__node")).toHaveCount(COUNT + 1);
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await expect(page.getByTestId("run-state")).toHaveText("stopped", { timeout: 20_000 });
  await expect(page.getByRole("button", { name: "Stop", exact: true })).toHaveCount(0);
  const run = await api(token, "GET", `/flow-runs/${runId}`);
  expect(run.body.state).toBe("stopped");
  // It stopped before reaching the last node.
  expect((run.body.nodes as Record<string, unknown>)[`slow${COUNT}`]).toBeUndefined();
});
