import { expect, test } from "@playwright/test";
import { sdk } from "../fixtures";
import { newInstance } from "./helpers";

test("the node panel previews against the latest run's input, in the browser, with no request per keystroke", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "preview");

  // Before any run: the preview says it uses an example generated from the input schema.
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");
  await expect(panel.getByTestId("sample-source")).toContainText("an example input");
  await expect(panel.getByTestId("output-preview")).toContainText('"name": "First name Last name"');

  const client = sdk(token);
  const run = await client
    .flowInstance(id)
    .run({ input: { firstName: "Grace", lastName: "Hopper", email: "grace@example.com" } });
  await expect
    .poll(async () => (await client.flowRun(run.id).get()).state, { timeout: 20_000 })
    .not.toMatch(/queued|running/);

  // Opened again after the run: the sample is that run's input for this node.
  const samples: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/node-sample")) samples.push(r.url());
  });
  await page.reload();
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const source = panel.getByTestId("sample-source");
  await expect(source).toContainText("the input from run");
  await expect(source.getByRole("link")).toHaveAttribute("href", `/flow-runs/${run.id}`);
  const output = panel.getByRole("group", { name: "Output fields" });
  await expect(output.getByTestId("value-preview").first()).toContainText("Latest run");
  await expect(panel.getByTestId("output-preview")).toContainText('"name": "Grace Hopper"');
  await expect(panel.getByTestId("output-preview")).toContainText('"email": "grace@example.com"');
  expect(samples).toHaveLength(1);

  // Typing a new field's value updates the field's and the node's preview with no network request.
  const requests: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("greeting");
  await output.getByRole("combobox", { name: "greeting value type" }).selectOption("template");
  await output.getByRole("textbox", { name: "greeting text" }).pressSequentially("Dear ", { delay: 20 });
  await output.getByRole("button", { name: "+ Insert variable" }).last().click();
  await page.keyboard.type("first name");
  await page.keyboard.press("Enter");
  await expect(output.getByTestId("value-preview").filter({ hasText: "Dear" })).toHaveText(
    'Latest run → "Dear Grace"',
  );
  await expect(panel.getByTestId("output-preview")).toContainText('"greeting": "Dear Grace"');
  expect(requests).toEqual([]);
});
