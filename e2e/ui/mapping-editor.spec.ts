import { expect, test } from "@playwright/test";
import { sdk } from "../fixtures";
import { getInstance, newInstance } from "./helpers";

test("the transform node is mapped with chips and a template, no formula typed, and the run uses it", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "mapping");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");

  // The hand-written template and variables open as chips, not JSON.
  const output = panel.getByRole("group", { name: "Output fields" });
  await expect(output.getByRole("button", { name: "Variable New contact › Email" })).toBeVisible();
  await expect(output.getByRole("button", { name: "Variable New contact › First name" })).toBeVisible();
  await expect(panel.getByText("{{")).toHaveCount(0);

  // Add a field "greeting" = text "Hello " + the first name picked with the keyboard.
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("greeting");
  await output.getByRole("combobox", { name: "greeting value type" }).selectOption("template");
  await output.getByRole("textbox", { name: "greeting text" }).fill("Hello ");
  await output.getByRole("button", { name: "+ Insert variable" }).last().click();
  const search = page.getByRole("combobox", { name: "Search variables" });
  await expect(search).toBeFocused();
  await page.keyboard.type("first name");
  await page.keyboard.press("Enter");
  await expect(output.getByRole("group", { name: "greeting" }).getByTestId("variable-chip")).toHaveText(
    /New contact › First name/,
  );

  // The preview is computed in the browser: no request while editing.
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await output.getByRole("textbox", { name: "greeting text" }).first().fill("Hi there ");
  await expect(panel.getByTestId("output-preview")).toContainText('"greeting": "Hi there First name"');
  expect(requests).toEqual([]);
  await page.screenshot({ path: "e2e/screenshots/mapping-editor.png", fullPage: true });

  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  const instance = await getInstance(token, id);
  expect(instance.nodes.shape.config?.output).toMatchObject({
    greeting: { $tpl: "Hi there {{$.input.trigger.firstName}}" },
    // Untouched fields are saved back exactly as they were.
    name: {
      $tpl: {
        template: "{{first}} {{last}}",
        values: { first: { $var: "$.input.trigger.firstName" }, last: { $var: "$.input.trigger.lastName" } },
      },
    },
    email: { $var: "$.input.trigger.email" },
  });

  const client = sdk(token);
  const run = await client.flowInstance(id).run({ input: { firstName: "Ada", email: "ada@example.com" } });
  await expect
    .poll(async () => (await client.flowRun(run.id).get()).state, { timeout: 20_000 })
    .toBe("completed");
  const outputs = await client.flowRun(run.id).getNodeOutputs("shape");
  expect(JSON.stringify(outputs)).toContain("Hi there Ada");
});
