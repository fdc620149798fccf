import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDb, makeTenant, adminCtx, startTestWorker, waitForRunEnd } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { flowRuns, nodeRuns } from "@/lib/db/schema";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { Worker } from "./worker";
import type { FlowNodes } from "@/lib/core/flow";

let db: Db;
let worker: Worker;

beforeAll(async () => {
  db = (await testDb()).db;
  worker = startTestWorker(db);
});
afterAll(async () => worker.stop(1000));

async function runFlow(nodes: FlowNodes, input: unknown, startNodeKey?: string) {
  const t = await makeTenant(db, nodes);
  const instance = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  const run = await createFlowRun({
    ctx: t.ctx,
    input: { flowInstanceId: instance.id, input, startNodeKey },
  });
  const state = await waitForRunEnd(db, run!.id);
  const [row] = await db.select().from(flowRuns).where(eq(flowRuns.id, run!.id));
  const nrs = await db.select().from(nodeRuns).where(eq(nodeRuns.flowRunId, run!.id));
  return { state, run: row, nodeRuns: nrs, t, instance };
}

describe("engine", () => {
  it("runs api-trigger → transform-data with $var and $tpl and stores node runs", async () => {
    const { state, run, nodeRuns } = await runFlow(
      {
        trigger: { type: "api-trigger", links: [{ key: "shape" }] },
        shape: {
          type: "transform-data",
          config: {
            output: {
              greeting: { $tpl: { template: "Hi {{n}}", values: { n: { $var: "$.input.trigger.name" } } } },
              n: { $var: "$.input.trigger.n" },
            },
          },
        },
      },
      { name: "Ada", n: 2 },
    );
    expect(state).toBe("completed");
    expect(run.output).toEqual({ greeting: "Hi Ada", n: 2 });
    expect(nodeRuns.map((n) => n.nodeKey).sort()).toEqual(["shape", "trigger"]);
    const shape = nodeRuns.find((n) => n.nodeKey === "shape")!;
    expect(shape.input).toEqual({ trigger: { name: "Ada", n: 2 } });
    expect(shape.outputs[0].data).toEqual({ greeting: "Hi Ada", n: 2 });
    expect(run.nodes).toMatchObject({ shape: { runs: 1, erroredRuns: 0, outputs: 1, state: "completed" } });
  });

  it("fans out, filters links and fans in", async () => {
    const { state, nodeRuns, run } = await runFlow(
      {
        t: {
          type: "api-trigger",
          links: [{ key: "a" }, { key: "b", filter: { $eval: { $var: "$.input.t.go" }, is: true } }],
        },
        a: { type: "transform-data", config: { output: { from: "a" } }, links: [{ key: "join" }] },
        b: { type: "transform-data", config: { output: { from: "b" } }, links: [{ key: "join" }] },
        join: { type: "transform-data", config: { output: { seen: "join" } } },
      },
      { go: false },
    );
    expect(state).toBe("completed");
    expect(nodeRuns.filter((n) => n.nodeKey === "b")).toHaveLength(0);
    expect(nodeRuns.filter((n) => n.nodeKey === "join")).toHaveLength(1);
    expect(run.output).toEqual({ seen: "join" });
  });

  it("a filter node that is false ends the branch; onError continue keeps the run going", async () => {
    const { state, nodeRuns } = await runFlow(
      {
        t: { type: "api-trigger", links: [{ key: "f" }, { key: "bad" }] },
        f: {
          type: "filter",
          config: { filter: { $eval: { $var: "$.input.t.x" }, gt: 5 } },
          links: [{ key: "after" }],
        },
        after: { type: "transform-data", config: { output: 1 } },
        bad: {
          type: "transform-data",
          onError: "continue",
          config: { output: { $jsonata: "$error('boom')" } },
        },
      },
      { x: 1 },
    );
    expect(state).toBe("completed");
    expect(nodeRuns.find((n) => n.nodeKey === "after")).toBeUndefined();
    expect(nodeRuns.find((n) => n.nodeKey === "bad")?.status).toBe("failed");
  });

  it("a failing node with onError stop fails the run with its message", async () => {
    const { state, run } = await runFlow(
      {
        t: { type: "api-trigger", links: [{ key: "bad" }] },
        bad: { type: "transform-data", config: { output: { $jsonata: "$error('boom')" } } },
      },
      {},
    );
    expect(state).toBe("failed");
    expect(JSON.stringify(run.errors)).toContain("boom");
  });

  it("stops a queued run at once", async () => {
    const t = await makeTenant(db, { t: { type: "api-trigger" } });
    const instance = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    await worker.stop(100);
    try {
      const run = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } });
      const stopped = await stopFlowRun({ ctx: adminCtx(db), input: { id: run!.id } });
      expect(stopped.state).toBe("stopped");
    } finally {
      worker = startTestWorker(db);
    }
  });
});
