import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { customerWithInstance, embedUrl } from "./helpers";

// What the SDK's `flowInstance(id).openConfiguration({ nodeKey })` opens: one customer-configurable node's form,
// edited by the customer with the same mapping editor as the console, saved, and reset to the flow's default.

const templateOutput = {
  name: {
    $tpl: {
      template: "{{first}} {{last}}",
      values: { first: { $var: "$.input.trigger.firstName" }, last: { $var: "$.input.trigger.lastName" } },
    },
  },
  email: { $var: "$.input.trigger.email" },
  owner: { $var: "$.parameters.defaultOwner" },
  tags: [{ $var: "$.parameters.tag" }],
};

test("a customer maps a node with the picker and a fixed value, saves it, and resets it to the default", async ({
  page,
}) => {
  const a = await customerWithInstance("embed-node");
  const getShape = async () =>
    ((await api(a.token, "GET", `/flow-instances/${a.instanceId}`)).body.nodes as Record<string, unknown>)
      .shape as {
      config: { output: Record<string, unknown> };
      isCustomized?: boolean;
    };
  expect((await getShape()).config.output).toEqual(templateOutput);

  await page.goto(
    embedUrl(`flow-instances/${a.instanceId}/configuration`, { token: a.token, nodeKey: "shape" }),
  );
  const node = page.getByTestId("embed-node-shape");
  await expect(node).toHaveAttribute("data-focused", "true");
  const output = node.getByRole("group", { name: "Output fields" });
  // The flow's mapping opens as chips, the same editor as the console's node panel.
  await expect(output.getByRole("button", { name: "Variable New contact › Email" })).toBeVisible();
  await expect(node.getByRole("button", { name: "Reset to default" })).toHaveCount(0);

  // A new field "greeting" = the first name, picked with the keyboard in the variable picker.
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("greeting");
  await output.getByRole("combobox", { name: "greeting value type" }).selectOption("variable");
  const search = page.getByRole("combobox", { name: "Search variables" });
  await expect(search).toBeFocused();
  await page.keyboard.type("first name");
  await page.keyboard.press("Enter");
  // One more "First name" chip than the flow's "name" template already shows.
  await expect(output.getByRole("button", { name: "Variable New contact › First name" })).toHaveCount(2);
  // A second field "source" holding a typed literal.
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 6 name" }).fill("source");
  await output.getByRole("combobox", { name: "source value type" }).selectOption("literal");
  await output.getByRole("textbox", { name: "source", exact: true }).fill("embed");
  await expect(node.getByTestId("embed-node-diff-shape")).toContainText('"source": "embed"');
  await page.screenshot({ path: "e2e/screenshots/embed-node-configuration.png", fullPage: true });

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Configuration saved")).toBeVisible();
  await expect
    .poll(async () => (await getShape()).config.output)
    .toEqual({
      ...templateOutput,
      greeting: { $var: "$.input.trigger.firstName" },
      source: "embed",
    });
  expect((await getShape()).isCustomized).toBe(true);

  // Reset to default brings back the flow's config; Save stores it.
  await page.reload();
  const reloaded = page.getByTestId("embed-node-shape");
  const firstNameChips = reloaded.getByRole("button", { name: "Variable New contact › First name" });
  await expect(firstNameChips).toHaveCount(2);
  await reloaded.getByRole("button", { name: "Reset to default" }).click();
  await expect(firstNameChips).toHaveCount(1);
  await expect(reloaded.getByRole("textbox", { name: "Output field 5 name" })).toHaveCount(0);
  await expect(reloaded.getByRole("button", { name: "Reset to default" })).toHaveCount(0);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Configuration saved")).toBeVisible();
  await expect.poll(async () => (await getShape()).config.output).toEqual(templateOutput);
  expect((await getShape()).isCustomized).toBe(false);
});
