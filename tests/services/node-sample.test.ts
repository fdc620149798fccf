import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { nodeRuns } from "@/lib/db/schema";
import { newId } from "@/lib/core/ids";
import { NotFoundError } from "@/lib/core/errors";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getNodeSample } from "@/lib/services/console/get-node-sample";

// The node panel's live preview sample: the node's input in the instance's latest run that reached it.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes = {
  trigger: { type: "api-trigger", links: [{ key: "map" }] },
  map: { type: "transform-data", config: { output: { n: { $var: "$.input.trigger.n" } } } },
};

async function nodeRun(flowRunId: string, nodeKey: string, input: unknown) {
  const at = new Date();
  const id = newId();
  await db.insert(nodeRuns).values({
    id,
    flowRunId,
    nodeKey,
    upstreamRuns: [],
    input,
    status: "completed",
    outputs: [],
    startTime: at,
    endTime: at,
  });
  return id;
}

describe("getNodeSample", () => {
  it("is the node's input in the latest run that reached it, else an example", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const input = { flowInstanceId: t.inst.id, nodeKey: "map" };
    expect(await getNodeSample({ ctx: t.ctx, input })).toEqual({ source: "example" });

    const first = (await createFlowRun({
      ctx: t.ctx,
      input: { flowInstanceId: t.inst.id, input: { n: 1 } },
    }))!;
    await nodeRun(first.id, "map", { trigger: { n: 1 } });
    const second = (await createFlowRun({
      ctx: t.ctx,
      input: { flowInstanceId: t.inst.id, input: { n: 2 } },
    }))!;
    const id = await nodeRun(second.id, "map", { trigger: { n: 2 } });
    // A newer run that did not reach the node (filtered out before it) does not hide the one that did.
    const third = (await createFlowRun({
      ctx: t.ctx,
      input: { flowInstanceId: t.inst.id, input: { n: 3 } },
    }))!;
    await nodeRun(third.id, "trigger", {});

    const sample = await getNodeSample({ ctx: t.customerCtx, input });
    expect(sample).toMatchObject({
      source: "run",
      runId: second.id,
      nodeRunId: id,
      input: { trigger: { n: 2 } },
      flowRun: { id: second.id, input: { n: 2 } },
    });
  });

  it("answers 404 for another customer's instance", async () => {
    const a = await makeTenantWithInstance(db, nodes);
    const b = await makeTenantWithInstance(db, nodes);
    await expect(
      getNodeSample({ ctx: b.customerCtx, input: { flowInstanceId: a.inst.id, nodeKey: "map" } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
