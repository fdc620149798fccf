import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

// The node panel of each kind of node, as a non-developer meets it: no raw JSON boxes for schemas, no
// formula jargon, no leftover "Variables → Insert" panel. Screenshots go to e2e/screenshots/panel-*.png.

const PANELS: [key: string, name: string][] = [
  ["shape", "Shape contact"],
  ["check", "Contacts with an email"],
  ["call", "Notify peer"],
  ["loop", "Each tag"],
  ["code", "Compute"],
];

test("the panels of transform, filter, HTTP, for-each and JavaScript nodes read without developer jargon", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "panels");
  const patched = await api(token, "PATCH", `/flow-instances/${id}`, {
    nodes: {
      create: null,
      trigger: {
        config: {
          inputSchema: {
            type: "object",
            properties: {
              firstName: { type: "string", title: "First name" },
              email: { type: "string", title: "Email" },
              tags: { type: "array", title: "Tags", items: { type: "string" } },
            },
          },
        },
        links: [{ key: "shape" }],
      },
      shape: { links: [{ key: "check" }] },
      check: {
        type: "filter",
        name: "Contacts with an email",
        config: { filter: { $eval: { $var: "$.input.trigger.email" }, isNotEmpty: true } },
        links: [{ key: "call" }],
      },
      call: {
        type: "custom-http-request",
        name: "Notify peer",
        config: {
          url: "https://example.com/hook",
          method: "POST",
          body: { $var: "$.input.shape" },
          responseSchema: { type: "object", properties: { id: { type: "string" } } },
        },
        links: [{ key: "loop" }],
      },
      loop: {
        type: "for-each-v2",
        name: "Each tag",
        config: { items: { $var: "$.input.trigger.tags" }, rootNodeKey: "each" },
        links: [{ key: "code" }],
      },
      each: {
        type: "transform-data",
        name: "Tag",
        config: { output: { tag: { $var: "$.input.loop.item" } } },
      },
      code: {
        type: "run-javascript",
        name: "Compute",
        config: { code: "module.exports = async function ({ input }) {\n  return { ok: true };\n};" },
      },
    },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);

  await page.setViewportSize({ width: 1400, height: 1100 });
  await page.goto(`/flow-instances/${id}`);
  const panel = page.getByTestId("node-panel");
  for (const [key, name] of PANELS) {
    await page.locator(`[data-node-key="${key}"]`).click();
    await expect(panel.getByRole("heading", { name, exact: true })).toBeVisible();
    await expect(panel.getByTestId("output-preview")).toBeVisible();
    await expect(panel.getByTestId("sample-source")).toContainText("example input");
    await expect(panel.getByRole("heading", { name: "Variables" })).toHaveCount(0);
    // (The detailed JSON diff from the template stays behind a closed disclosure.)
    const visible = (text: string | RegExp) => panel.getByText(text).filter({ visible: true });
    await expect(visible(/formulas allowed|JSON Schema|\$var|\$tpl|\$eval/)).toHaveCount(0);
    await expect(visible("JSON / formula")).toHaveCount(0);
    await panel.screenshot({ path: `e2e/screenshots/panel-${key}.png` });
  }

  // The HTTP node's response schema is a list of fields; a field added there is offered downstream at once.
  await page.locator('[data-node-key="call"]').click();
  const response = panel.getByRole("group", { name: "Response schema" });
  await expect(response.getByRole("textbox", { name: "Field 1 name" })).toHaveValue("id");
  await response.getByRole("button", { name: "+ Add field" }).click();
  await response.getByRole("textbox", { name: "Field 2 name" }).fill("status");
  await response.getByRole("combobox", { name: "status type" }).selectOption("integer");
  await panel.getByRole("button", { name: "Edit Response schema as JSON" }).click();
  await expect(panel.getByRole("textbox", { name: /^Response schema/ })).toHaveValue(
    JSON.stringify(
      { type: "object", properties: { id: { type: "string" }, status: { type: "integer" } } },
      null,
      2,
    ),
  );
});
