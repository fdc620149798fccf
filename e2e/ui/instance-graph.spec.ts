import { expect, test, type Page } from "@playwright/test";
import { api } from "../fixtures";
import { getInstance, newInstance } from "./helpers";

test("the graph shows every node and link of the instance", async ({ page }) => {
  const { token, id } = await newInstance("notify-on-won-deal", "graph");
  const instance = await getInstance(token, id);
  const nodeCount = Object.keys(instance.nodes).length;
  const edgeCount = Object.values(instance.nodes).reduce((n, node) => n + (node.links?.length ?? 0), 0);

  await page.goto(`/flow-instances/${id}`);
  await expect(page.getByRole("heading", { name: "Notify on won deal" })).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(nodeCount);
  await expect(page.locator(".react-flow__edge")).toHaveCount(edgeCount);
  for (const node of Object.values(instance.nodes))
    await expect(page.getByRole("button", { name: new RegExp(`^${node.name}`) })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/flow-instance-graph.png", fullPage: true });

  // Tabs are addressable.
  await page.getByRole("link", { name: "Details" }).click();
  await expect(page).toHaveURL(/tab=details/);
  await expect(page.getByTestId("instance-json")).toContainText(id);
});

/** How many node cards lie (at least partly) outside the graph's box. */
function nodesOutsideGraph(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="flow-graph"]')!.getBoundingClientRect();
    return [...document.querySelectorAll(".react-flow__node")].filter((n) => {
      const r = n.getBoundingClientRect();
      return (
        r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1
      );
    }).length;
  });
}

test("a large graph is shown whole, and still after the node panel opens beside it", async ({ page }) => {
  const { token, id } = await newInstance("sync-new-contacts", "big-graph");
  // The trigger and 126 steps in a binary tree: 64 leaves stacked in one column of the left-to-right layout.
  const COUNT = 126;
  const nodes: Record<string, unknown> = {
    shape: null,
    create: null,
    trigger: { links: [{ key: "step1" }] },
  };
  for (let i = 1; i <= COUNT; i++)
    nodes[`step${i}`] = {
      type: "transform-data",
      name: `Step ${i}`,
      config: { output: { step: i } },
      links: [2 * i, 2 * i + 1].filter((c) => c <= COUNT).map((c) => ({ key: `step${c}` })),
    };
  const patched = await api(token, "PATCH", `/flow-instances/${id}`, { nodes });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);

  await page.goto(`/flow-instances/${id}`);
  await expect(page.locator(".react-flow__node")).toHaveCount(COUNT + 1);
  await expect(page.locator(".react-flow__edge")).toHaveCount(COUNT);
  await expect.poll(() => nodesOutsideGraph(page)).toBe(0);

  const step = page.locator('.react-flow__node [data-node-key="step5"] button');
  await step.click();
  await expect(page.getByTestId("node-panel")).toBeVisible();
  await expect(page.getByTestId("node-panel").getByRole("heading", { name: "Step 5" })).toBeVisible();
  await expect(step).toHaveAttribute("aria-pressed", "true");
  // The graph's box narrowed for the panel: the view fits again.
  await expect.poll(() => nodesOutsideGraph(page)).toBe(0);
  await page.screenshot({ path: "e2e/screenshots/flow-instance-graph-large.png" });
});
