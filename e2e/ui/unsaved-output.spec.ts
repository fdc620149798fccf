import { expect, test } from "@playwright/test";
import { getInstance, newInstance } from "./helpers";

test("a later step's variable picker and preview offer the transform's unsaved new field; the edit survives switching nodes", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "unsaved-output");
  await page.goto(`/flow-instances/${id}`);

  // Edit "Shape contact": a new output field "nickname" = "Ace", not saved.
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  let panel = page.getByTestId("node-panel");
  const output = panel.getByRole("group", { name: "Output fields" });
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("nickname");
  await output.getByRole("combobox", { name: "nickname value type" }).selectOption("literal");
  await output.getByRole("textbox", { name: "nickname", exact: true }).fill("Ace");
  await expect(panel.getByTestId("output-schema")).toContainText("nickname");
  await expect(panel.getByTestId("node-unsaved")).toBeVisible();

  // Open the next step without saving: its picker lists the new field, and picking it previews the value.
  await page.getByRole("button", { name: /^Create contact in CRM/ }).click();
  panel = page.getByTestId("node-panel");
  await expect(panel.getByRole("heading", { name: "Create contact in CRM" })).toBeVisible();
  await panel.getByRole("combobox", { name: "Body value type" }).selectOption("variable");
  const search = page.getByRole("combobox", { name: "Search variables" });
  await expect(search).toBeFocused();
  await page.keyboard.type("nickname");
  await expect(page.getByRole("option", { name: /Shape contact › nickname/ })).toBeVisible();
  await page.keyboard.press("Enter");
  const body = panel.locator('[data-value-field="data"]');
  await expect(body.getByTestId("variable-chip")).toHaveText(/Shape contact › nickname/);
  await expect(body.getByTestId("value-preview")).toContainText('"Ace"');

  // Back on "Shape contact": the unsaved field is still there; nothing was stored.
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  panel = page.getByTestId("node-panel");
  await expect(panel.getByRole("textbox", { name: "Output field 5 name" })).toHaveValue("nickname");
  await expect(panel.getByTestId("node-unsaved")).toBeVisible();
  const stored = await getInstance(token, id);
  expect(stored.nodes.shape.config?.output).not.toHaveProperty("nickname");

  // Saved, the draft is gone: the panel shows the stored config with no unsaved mark.
  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  await expect(panel.getByTestId("node-unsaved")).toHaveCount(0);
  await expect
    .poll(async () => (await getInstance(token, id)).nodes.shape.config?.output)
    .toMatchObject({ nickname: "Ace" });
});
