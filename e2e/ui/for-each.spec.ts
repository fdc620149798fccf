import { expect, test } from "@playwright/test";
import { api, sdk } from "../fixtures";
import { getInstance, newInstance } from "./helpers";

test("for-each's list is picked from the input schema, saved, and the run goes through that list", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "for-each");
  const patched = await api(token, "PATCH", `/flow-instances/${id}`, {
    nodes: {
      shape: null,
      create: null,
      trigger: {
        config: {
          inputSchema: {
            type: "object",
            properties: {
              email: { type: "string", title: "Email" },
              tags: { type: "array", title: "Tags", items: { type: "string" } },
            },
          },
        },
        links: [{ key: "loop" }],
      },
      // Neither the list nor the loop's first step chosen yet: the operator picks both.
      loop: { type: "for-each-v2", name: "Each tag", config: {} },
      each: {
        type: "transform-data",
        name: "Tag",
        config: { output: { tag: { $var: "$.input.loop.item" } } },
      },
    },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);

  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Each tag/ }).click();
  const panel = page.getByTestId("node-panel");
  const items = panel.locator('[data-value-field="items"]');
  await items.getByRole("button", { name: "Pick a variable…" }).click();
  const search = page.getByRole("combobox", { name: "Search variables" });
  await expect(search).toBeFocused();
  await page.keyboard.type("tags");
  await page.keyboard.press("Enter");
  await expect(items.getByTestId("variable-chip")).toHaveText(/New contact › Tags/);
  await panel.getByRole("combobox", { name: "First step of the loop" }).selectOption({ label: "Tag (each)" });
  // The preview goes through the example list at once, in the browser.
  await expect(panel.getByTestId("output-preview")).toContainText(/Goes through \d+ item/);

  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  const instance = await getInstance(token, id);
  expect(instance.nodes.loop.config).toEqual({
    items: { $var: "$.input.trigger.tags" },
    rootNodeKey: "each",
  });

  const client = sdk(token);
  const run = await client
    .flowInstance(id)
    .run({ input: { email: "a@example.com", tags: ["red", "green", "blue"] } });
  await expect
    .poll(async () => (await client.flowRun(run.id).get()).state, { timeout: 20_000 })
    .toBe("completed");
  const outputs = (await client.flowRun(run.id).getNodeOutputs("each")) as { items: { data: unknown }[] };
  expect(outputs.items.map((o) => o.data)).toEqual([{ tag: "red" }, { tag: "green" }, { tag: "blue" }]);
});
