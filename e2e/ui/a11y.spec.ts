import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { customerWithInstance, embedUrl } from "../ui-embed/helpers";
import { newInstance } from "./helpers";

// axe-core on the two places a node's config is edited: the console's node panel and the customer's embed
// configuration page. Serious and critical violations fail the test, listed with the elements they name.

async function seriousViolations(page: Page, include?: string) {
  let axe = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]);
  if (include) axe = axe.include(include);
  const { violations } = await axe.analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
}

test("the console's node panel has no serious or critical axe violations", async ({ page }) => {
  const { id } = await newInstance("sync-new-contacts", "a11y");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByRole("group", { name: "Output fields" })).toBeVisible();
  expect(await seriousViolations(page, '[data-testid="node-panel"]')).toEqual([]);

  // The variable picker, open.
  await panel.getByRole("combobox", { name: "email value type" }).selectOption("variable");
  await expect(page.getByRole("combobox", { name: "Search variables" })).toBeFocused();
  expect(await seriousViolations(page, '[data-testid="node-panel"]')).toEqual([]);
});

test("the embed configuration page has no serious or critical axe violations", async ({ page }) => {
  const a = await customerWithInstance("a11y");
  await page.goto(
    embedUrl(`flow-instances/${a.instanceId}/configuration`, { token: a.token, nodeKey: "shape" }),
  );
  const node = page.getByTestId("embed-node-shape");
  await expect(node.getByRole("group", { name: "Output fields" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // With a change: the diff from the default and "Reset to default" are shown too.
  await node.getByRole("button", { name: "+ Add field" }).click();
  await expect(node.getByRole("button", { name: "Reset to default" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
