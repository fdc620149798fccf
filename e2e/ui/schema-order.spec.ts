import { expect, test } from "@playwright/test";
import { adminToken, api } from "../fixtures";
import { connectionOf } from "./helpers";

// A schema's property order is the order its form asks in: the author wrote first name, last name, email
// (not the order a jsonb column keeps: shorter keys first).
test("the Run dialog and the parameters form show fields in the order the schema lists them", async ({
  page,
}) => {
  const token = await adminToken();
  const integrations = await api(token, "GET", "/integrations");
  const integration = integrations.body.items!.find((i) => i.key === "sandbox-crm")!;
  const key = `ordered-${Date.now()}`;
  const inputSchema = {
    type: "object",
    properties: {
      firstName: { type: "string", title: "First name" },
      lastName: { type: "string", title: "Last name" },
      email: { type: "string", title: "Email" },
    },
  };
  const parametersSchema = {
    type: "object",
    properties: {
      workspaceName: { type: "string", title: "Workspace name" },
      region: { type: "string", title: "Region" },
      id: { type: "string", title: "Account id" },
    },
  };
  const created = await api(token, "POST", "/flows", {
    key,
    name: "Ordered fields",
    integrationId: integration.id,
    parametersSchema,
    nodes: {
      trigger: { type: "api-trigger", name: "New person", config: { inputSchema }, links: [{ key: "out" }] },
      out: { type: "transform-data", config: { output: { name: { $var: "$.input.trigger.firstName" } } } },
    },
  });
  expect(created.status).toBe(201);
  // The API gives back what was sent, key order included.
  const flow = await api(token, "GET", `/flows/${key}`);
  expect(Object.keys(flow.body.parametersSchema as object)).toEqual(["type", "properties"]);
  expect(Object.keys((flow.body.parametersSchema as typeof parametersSchema).properties)).toEqual([
    "workspaceName",
    "region",
    "id",
  ]);
  const conn = await connectionOf(token, "Initech");
  const inst = await api(token, "GET", `/connections/${conn}/flows/${key}?autoCreate=true`);
  expect(inst.status).toBe(200);
  const nodes = inst.body.nodes as { trigger: { config: { inputSchema: typeof inputSchema } } };
  expect(Object.keys(nodes.trigger.config.inputSchema.properties)).toEqual([
    "firstName",
    "lastName",
    "email",
  ]);

  await page.goto(`/flow-instances/${inst.body.id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const form = page.getByRole("dialog", { name: "Run with input" }).getByTestId("run-input-form");
  await expect(form.getByRole("textbox")).toHaveCount(3);
  await expect(form.locator("label")).toHaveText([/First name/, /Last name/, /Email/]);
  await page.screenshot({ path: "e2e/screenshots/run-dialog-field-order.png" });
  await page.keyboard.press("Escape");

  await page.goto(`/flow-instances/${inst.body.id}?tab=parameters`);
  const params = page.getByRole("form", { name: "Parameters" });
  await expect(params.locator("label")).toHaveText([/Workspace name/, /Region/, /Account id/]);
  await page.screenshot({ path: "e2e/screenshots/parameters-field-order.png" });
});
