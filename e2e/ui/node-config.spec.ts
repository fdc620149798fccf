import { expect, test } from "@playwright/test";
import { getInstance, newInstance } from "./helpers";

test("editing a node through the form customizes it, and Reset node restores the template", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "node-config");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByRole("heading", { name: "Shape contact" })).toBeVisible();
  await expect(panel.getByTestId("node-customized")).toHaveCount(0);

  // "Edit as JSON" is the mapping editor's escape hatch (chips and templates: mapping-editor.spec.ts).
  await panel.getByRole("combobox", { name: "Output value type" }).selectOption("json");
  const output = panel.getByRole("textbox", { name: /^Output/ });
  await output.fill(JSON.stringify({ email: { $var: "$.input.trigger.email" }, source: "console" }, null, 2));
  await panel.getByRole("button", { name: "Save node" }).click();

  await expect(panel.getByTestId("node-customized")).toBeVisible();
  await expect(page.locator('[data-node-key="shape"]')).toHaveAttribute("data-customized", "true");
  await expect(panel.getByTestId("node-diff")).toContainText("console");
  let instance = await getInstance(token, id);
  expect(instance.isCustomized).toBe(true);
  expect(instance.nodes.shape.isCustomized).toBe(true);
  expect(instance.nodes.shape.config).toEqual({
    output: { email: { $var: "$.input.trigger.email" }, source: "console" },
  });
  await page.screenshot({ path: "e2e/screenshots/node-panel.png", fullPage: true });

  await panel.getByRole("button", { name: "Reset node" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Reset to template" }).click();
  await expect(page.getByTestId("node-panel").getByTestId("node-customized")).toHaveCount(0);
  await expect(page.locator('[data-node-key="shape"]')).not.toHaveAttribute("data-customized", "true");
  instance = await getInstance(token, id);
  expect(instance.isCustomized).toBe(false);
  expect(instance.nodes.shape.isCustomized).toBe(false);
});

test("Save node shows the save at once and rolls it back with the error when the server fails", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "node-optimistic");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");
  const output = panel.getByRole("group", { name: "Output fields" });
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("source");
  await output.getByRole("textbox", { name: "source", exact: true }).fill("console");
  await expect(panel.getByTestId("node-customized")).toHaveCount(0);

  // The server action's request is held, then answered with an error.
  let answer!: () => void;
  const held = new Promise<void>((r) => (answer = r));
  await page.route(`**/flow-instances/${id}`, async (route) => {
    if (route.request().method() !== "POST") return route.fallback();
    await held;
    await route.fulfill({ status: 503, body: "Service Unavailable" });
  });
  await panel.getByRole("button", { name: "Save node" }).click();
  // Shown as saved while the server has not answered: customized, with the change listed.
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  await expect(panel.getByTestId("node-changes")).toContainText("Output");
  answer();
  await expect(panel.getByTestId("save-error")).toBeVisible();
  await expect(panel.getByTestId("node-customized")).toHaveCount(0);
  // The edit is kept in the form to try again; nothing was stored.
  await expect(output.getByRole("textbox", { name: "Output field 5 name" })).toHaveValue("source");
  const instance = await getInstance(token, id);
  expect(instance.nodes.shape.isCustomized).toBe(false);
  expect(Object.keys(instance.nodes.shape.config?.output as object)).not.toContain("source");

  // Saved again with the server back: stored.
  await page.unroute(`**/flow-instances/${id}`);
  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(page.getByText("Node saved and set up")).toBeVisible();
  expect((await getInstance(token, id)).nodes.shape.config?.output).toMatchObject({ source: "console" });
});
