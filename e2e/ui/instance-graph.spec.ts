import { expect, test } from "@playwright/test";
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
