import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { testDb, makeTenant, startTestWorker, waitForRunEnd } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { Worker } from "@/lib/engine/worker";
import type { FlowNodes } from "@/lib/core/flow";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { flowInstanceDetailShape, flowInstanceShape, flowShape, pageShape } from "@/lib/core/api-shapes";
import { componentSchemas, responseShapes } from "@/lib/server/openapi";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { checkHealth } from "@/lib/services/system/check-health";
import { NotFoundError } from "@/lib/core/errors";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { listFlowInstances } from "@/lib/services/flow-instances/list-flow-instances";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";
import { getNodeOutput } from "@/lib/services/flow-runs/get-node-output";
import { getNodeRun } from "@/lib/services/flow-runs/get-node-run";
import { listNodeOutputs } from "@/lib/services/flow-runs/list-node-outputs";
import { listNodeRuns } from "@/lib/services/flow-runs/list-node-runs";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { listFlowRunsJson } from "@/lib/services/flow-runs/list-flow-runs-json";
import { listFlowRunsQuery } from "@/lib/services/flow-runs/schemas";
import { getFlow } from "@/lib/services/flows/get-flow";
import { listFlows } from "@/lib/services/flows/list-flows";
import { listFlowsQuery } from "@/lib/services/flows/schemas";
import { getIntegration } from "@/lib/services/integrations/get-integration";
import { getCustomer } from "@/lib/services/customers/get-customer";
import { getConnection } from "@/lib/services/connections/get-connection";

// The response shapes in lib/core/api-shapes.ts (the OpenAPI document's response schemas) are honest: real
// answers of the services, serialised as the route wrapper sends them (JSON of the object, or the JSON text
// the database writes), parse with them — and a renamed or dropped field does not.

let db: Db;
let worker: Worker;
beforeAll(async () => {
  db = (await testDb()).db;
  worker = startTestWorker(db);
});
afterAll(async () => {
  await worker.stop(2000);
});

const nodes: FlowNodes = {
  trigger: { type: "api-trigger", links: [{ key: "loop" }] },
  loop: {
    type: "for-each-v2",
    config: { items: { $var: "$.input.trigger.items" }, rootNodeKey: "body" },
    links: [{ key: "done" }],
  },
  body: { type: "transform-data", config: { output: { n: { $var: "$.input.loop.item" } } } },
  done: { type: "transform-data", config: { output: { count: { $var: "$.input.loop.count" } } } },
};

/** The body a client receives: the object's JSON, or the database-written text as is. */
const wire = (value: unknown): unknown =>
  JSON.parse(
    value && typeof value === "object" && "text" in value && typeof value.text === "string"
      ? value.text
      : JSON.stringify(value),
  );

// The OpenAPI document's schemas (JSON Schema generated from the zod shapes), checked by a JSON Schema validator.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "openapi", components: { schemas: componentSchemas() } });

/** The answer parses with the zod shape and validates against the document's schema of that name. */
function expectShape(name: keyof typeof responseShapes, value: unknown, what: string) {
  const body = wire(value);
  const res = (responseShapes[name] as z.ZodType).safeParse(body);
  expect(res.success ? [] : res.error.issues, `${what} (zod ${name})`).toEqual([]);
  const validate = ajv.getSchema(`openapi#/components/schemas/${name}`)!;
  expect(validate(body) ? [] : validate.errors, `${what} (OpenAPI ${name})`).toEqual([]);
}

describe("API response shapes", () => {
  it("instances, runs, node runs, flows, integrations, customers, connections parse with their shapes", async () => {
    const t = await makeTenant(db, nodes, {
      parametersSchema: { type: "object", properties: { tag: { type: "string" } } },
    });
    const selector = (instanceKey?: string) => ({
      flowId: t.flow.id,
      connectionId: t.connection.id,
      instanceKey,
    });
    const inst = await getFlowInstance({ ctx: t.ctx, input: { selector: selector(), autoCreate: true } });
    expectShape("FlowInstanceDetail", inst, "get (created)");

    // A customized, SETUP_FAILED instance with errors, and an archived one.
    const broken = await getFlowInstance({
      ctx: t.customerCtx,
      input: { selector: selector("broken"), autoCreate: true },
    });
    // Writes answer with the instance as lists show it (no embedded objects).
    expectShape(
      "FlowInstance",
      await updateFlowInstance({
        ctx: t.ctx,
        input: {
          id: broken.id,
          body: { name: "Broken", nodes: { done: { config: { output: { $var: "$.input.nope" } } } } },
        },
      }),
      "patched instance",
    );
    const gone = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: selector("gone"), autoCreate: true },
    });
    await archiveFlowInstance({ ctx: t.ctx, input: { id: gone.id } });

    // A run through every node (a for-each: several runs and outputs of one node).
    const run = (await createFlowRun({
      ctx: t.customerCtx,
      input: { flowInstanceId: inst.id, input: { items: [1, 2] } },
    }))!;
    expectShape("FlowRun", run, "created run");
    expect(await waitForRunEnd(db, run.id)).toBe("completed");

    for (const ctx of [t.ctx, t.customerCtx]) {
      expectShape(
        "FlowInstanceDetail",
        await getFlowInstanceJson({ ctx, input: { selector: selector() } }),
        "get (database JSON)",
      );
      expectShape(
        "FlowInstanceDetail",
        await getFlowInstance({ ctx, input: { selector: selector("broken") } }),
        "get (broken)",
      );
      const query = listFlowInstancesQuery.parse({ userId: t.customer.id, includeArchived: "true" });
      const list = await listFlowInstances({ ctx, input: query });
      expect(list.items.map((i) => i.id).sort()).toEqual([inst.id, broken.id, gone.id].sort());
      expect(list.items.some((i) => i.archivedAt && i.lastRun === undefined)).toBe(true);
      expect(list.items.find((i) => i.id === inst.id)?.lastRun).toBeTruthy();
      expectShape("FlowInstancePage", list, "instance list");
      expectShape("FlowInstancePage", await listFlowInstancesJson({ ctx, input: query }), "list JSON");
      const paged = await listFlowInstances({ ctx, input: { ...query, limit: 1 } });
      expect(paged.cursor).toBeTruthy();
      expectShape("FlowInstancePage", paged, "a page with a cursor");

      expectShape("FlowRunDetail", await getFlowRun({ ctx, input: { id: run.id } }), "run");
      const runQuery = listFlowRunsQuery.parse({ flowInstanceId: inst.id });
      expectShape("FlowRunPage", await listFlowRuns({ ctx, input: runQuery }), "run list");
      expectShape("FlowRunPage", await listFlowRunsJson({ ctx, input: runQuery }), "run list JSON");

      // Two runs of the loop's body: pages of one, with a cursor.
      const bodyRuns = await listNodeRuns({ ctx, input: { id: run.id, nodeKey: "body", limit: 1 } });
      expect(bodyRuns.items).toHaveLength(1);
      expect(bodyRuns.cursor).toBeTruthy();
      expectShape("NodeRunPage", bodyRuns, "node runs");
      const triggerRun = (await listNodeRuns({ ctx, input: { id: run.id, nodeKey: "trigger" } })).items[0];
      expect(triggerRun.outputs[0].downstreamRuns).toHaveLength(1);
      expectShape(
        "NodeRun",
        await getNodeRun({ ctx, input: { id: run.id, nodeKey: "trigger", nodeRunId: triggerRun.id } }),
        "node run",
      );
      expectShape(
        "NodeOutputPage",
        await listNodeOutputs({ ctx, input: { id: run.id, nodeKey: "body", limit: 1 } }),
        "node outputs",
      );
      expectShape(
        "NodeOutput",
        await getNodeOutput({
          ctx,
          input: { id: run.id, nodeKey: "trigger", outputId: triggerRun.outputs[0].id },
        }),
        "node output",
      );

      expectShape("Flow", await getFlow({ ctx, input: { selector: t.flow.id } }), "flow");
      expectShape("FlowPage", await listFlows({ ctx, input: listFlowsQuery.parse({}) }), "flows");
      expectShape(
        "Integration",
        await getIntegration({ ctx, input: { selector: t.integration.id } }),
        "integration",
      );
      expectShape("Customer", await getCustomer({ ctx, input: { selector: t.customer.id } }), "customer");
      expectShape(
        "Connection",
        await getConnection({ ctx, input: { selector: t.connection.id } }),
        "connection",
      );
    }
    expectShape(
      "Connection",
      await getConnection({ ctx: t.ctx, input: { selector: t.connection.id, includeSecrets: true } }),
      "connection with secrets",
    );
    expectShape("Error", new NotFoundError("Flow run").toJSON(), "error body");
    expectShape(
      "AuditEventPage",
      await listAuditEvents({ ctx: t.ctx, input: listAuditEventsQuery.parse({ customerId: t.customer.id }) }),
      "audit events",
    );
    expectShape("Health", await checkHealth(db), "health");
  });

  it("a renamed, dropped or retyped field fails its shape", async () => {
    const t = await makeTenant(db, nodes);
    const inst = wire(
      await getFlowInstance({
        ctx: t.ctx,
        input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
      }),
    ) as Record<string, unknown>;
    expect(flowInstanceDetailShape.safeParse(inst).success).toBe(true);
    const { flowId, ...dropped } = inst;
    expect(flowInstanceDetailShape.safeParse(dropped).success).toBe(false);
    expect(flowInstanceDetailShape.safeParse({ ...dropped, flow_id: flowId }).success).toBe(false);
    const validate = ajv.getSchema("openapi#/components/schemas/FlowInstanceDetail")!;
    expect(validate(inst)).toBe(true);
    expect(validate({ ...dropped, flow_id: flowId })).toBe(false);
    expect(flowInstanceDetailShape.safeParse({ ...inst, enabled: "true" }).success).toBe(false);
    expect(flowInstanceDetailShape.safeParse({ ...inst, createdAt: "yesterday" }).success).toBe(false);
    expect(pageShape(flowInstanceShape).safeParse({ items: [], next: "x" }).success).toBe(false);
    const flow = wire(await getFlow({ ctx: t.ctx, input: { selector: t.flow.id } })) as Record<
      string,
      unknown
    >;
    expect(flowShape.safeParse({ ...flow, nodes: { a: { config: {} } } }).success).toBe(false);
  });
});
