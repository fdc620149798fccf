import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { FlowNodes } from "@/lib/core/flow";
import { getFlow } from "@/lib/services/flows/get-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { listFlows } from "@/lib/services/flows/list-flows";
import { listFlowsQuery } from "@/lib/services/flows/schemas";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";

// A schema's property order is its form's field order (Run dialog, config forms, parameters form): what an
// author writes must come back in that order from every read the API serves, not jsonb's (shorter keys first).

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const person = {
  type: "object",
  required: ["firstName"],
  properties: {
    firstName: { type: "string", title: "First name" },
    lastName: { type: "string", title: "Last name" },
    email: { type: "string", title: "Email" },
  },
};
const nodes: FlowNodes = {
  trigger: { type: "api-trigger", config: { inputSchema: person }, links: [{ key: "a" }] },
  a: { type: "transform-data", config: { output: { x: { $var: "$.input.trigger.firstName" } } } },
};
const parametersSchema = {
  type: "object",
  properties: { workspaceName: { type: "string" }, region: { type: "string" }, id: { type: "string" } },
};

type Schemaish = { properties?: Record<string, unknown> };
const order = (s: unknown) => Object.keys((s as Schemaish)?.properties ?? {});
const inputOrder = (n: unknown) =>
  order((n as Record<string, { config?: { inputSchema?: unknown } }>).trigger.config?.inputSchema);

describe("schema key order", () => {
  it("survives create, patch and every read of flows and instances", async () => {
    const t = await makeTenantWithInstance(db, nodes, { parametersSchema });
    const written = ["firstName", "lastName", "email"];
    const params = ["workspaceName", "region", "id"];

    const flow = await getFlow({ ctx: t.ctx, input: { selector: t.flow.id } });
    expect(order(flow.parametersSchema)).toEqual(params);
    expect(inputOrder(flow.nodes)).toEqual(written);
    const listedFlow = (await listFlows({ ctx: t.ctx, input: listFlowsQuery.parse({}) })).items.find(
      (f) => f.id === t.flow.id,
    );
    expect(inputOrder(listedFlow?.nodes)).toEqual(written);

    // The instance reads the API serves (text written by the database) and the object mapper alike.
    const selector = { id: t.inst.id };
    const text = (await getFlowInstanceJson({ ctx: t.ctx, input: { selector } })).text;
    // Byte for byte as written: the schema's JSON text appears in the response unchanged.
    expect(text).toContain(JSON.stringify(person));
    expect(order(JSON.parse(text).parametersSchema)).toEqual(params);
    expect(inputOrder(JSON.parse(text).nodes)).toEqual(written);
    const mapped = await getFlowInstance({ ctx: t.customerCtx, input: { selector } });
    expect(inputOrder(mapped.nodes)).toEqual(written);
    expect(order(mapped.parametersSchema)).toEqual(params);
    const list = await listFlowInstancesJson({
      ctx: t.customerCtx,
      input: listFlowInstancesQuery.parse({ flowId: t.flow.id }),
    });
    const item = JSON.parse(list.text).items.find((i: { id: string }) => i.id === t.inst.id);
    expect(inputOrder(item.nodes)).toEqual(written);
    expect(order(item.parametersSchema)).toEqual(params);

    // A patch writes its own order; the instance embeds the flow's new schema.
    const reordered = { type: "object", properties: { id: {}, workspaceName: {}, region: {} } };
    const patched = await patchFlow({
      ctx: t.ctx,
      input: { selector: t.flow.id, body: { parametersSchema: reordered } },
    });
    expect(order(patched.parametersSchema)).toEqual(["id", "workspaceName", "region"]);
    expect(order((await getFlow({ ctx: t.ctx, input: { selector: t.flow.id } })).parametersSchema)).toEqual([
      "id",
      "workspaceName",
      "region",
    ]);
    const again = JSON.parse((await getFlowInstanceJson({ ctx: t.ctx, input: { selector } })).text);
    expect(order(again.parametersSchema)).toEqual(["id", "workspaceName", "region"]);

    // An instance's own nodes (customized input schema) keep the order they were written in.
    const custom = {
      type: "object",
      properties: { zipCode: { type: "string" }, city: { type: "string" }, street: { type: "string" } },
    };
    await updateFlowInstance({
      ctx: t.ctx,
      input: { id: t.inst.id, body: { nodes: { trigger: { config: { inputSchema: custom } } } } },
    });
    const customized = JSON.parse((await getFlowInstanceJson({ ctx: t.ctx, input: { selector } })).text);
    expect(inputOrder(customized.nodes)).toEqual(["zipCode", "city", "street"]);
    const customizedMapped = await getFlowInstance({ ctx: t.ctx, input: { selector } });
    expect(inputOrder(customizedMapped.nodes)).toEqual(["zipCode", "city", "street"]);
  });

  it("a flow without parameters schema still reads as having none", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    expect((await getFlow({ ctx: t.ctx, input: { selector: t.flow.id } })).parametersSchema).toBeUndefined();
    const text = (await getFlowInstanceJson({ ctx: t.ctx, input: { selector: { id: t.inst.id } } })).text;
    expect(JSON.parse(text)).not.toHaveProperty("parametersSchema");
  });
});
