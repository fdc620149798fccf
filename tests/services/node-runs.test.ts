import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { nodeRuns } from "@/lib/db/schema";
import { newId } from "@/lib/core/ids";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getNodeOutput } from "@/lib/services/flow-runs/get-node-output";
import { getNodeRun } from "@/lib/services/flow-runs/get-node-run";
import { listNodeOutputs } from "@/lib/services/flow-runs/list-node-outputs";
import { listNodeRuns } from "@/lib/services/flow-runs/list-node-runs";

// Node runs and outputs of a run as the SDK's getNodeRuns / getNodeOutputs page them (cursor, oldest
// first), with upstream runs as `{nodeKey, runId, outputId}` and each output's downstream runs.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("node runs and outputs", () => {
  it("page with cursors and link upstream and downstream runs", async () => {
    const t = await makeTenantWithInstance(db, { trigger: { type: "api-trigger" } });
    const run = (await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: t.inst.id } }))!;
    const at = new Date();
    const row = (nodeKey: string, outputs: number, upstreamRuns: NodeRunRowUpstream = []) => ({
      id: newId(),
      flowRunId: run.id,
      nodeKey,
      upstreamRuns,
      input: {},
      status: "completed",
      outputs: Array.from({ length: outputs }, (_, i) => ({ id: newId(), data: { i } })),
      startTime: at,
      endTime: at,
    });
    // One "list" run with 5 outputs, each feeding one "item" run; a legacy run whose upstream is a bare id.
    const list = row("list", 5);
    const items = list.outputs.map((o) =>
      row("item", 1, [{ nodeKey: "list", runId: list.id, outputId: o.id }]),
    );
    const legacy = row("item", 0, [list.id]);
    await db.insert(nodeRuns).values([list, ...items, legacy]);

    // Node runs: 6 of "item", pages of 4 then 2.
    const first = await listNodeRuns({
      ctx: t.customerCtx,
      input: { id: run.id, nodeKey: "item", limit: 4 },
    });
    expect(first.items.map((r) => r.id)).toEqual(items.slice(0, 4).map((r) => r.id));
    expect(first.cursor).toBeTruthy();
    const second = await listNodeRuns({
      ctx: t.customerCtx,
      input: { id: run.id, nodeKey: "item", limit: 4, cursor: first.cursor },
    });
    expect(second.items.map((r) => r.id)).toEqual([items[4].id, legacy.id]);
    expect(second.cursor).toBeUndefined();
    expect(first.items[0].upstreamRuns).toEqual([
      { nodeKey: "list", runId: list.id, outputId: list.outputs[0].id },
    ]);
    expect(second.items[1].upstreamRuns).toEqual([{ nodeKey: "list", runId: list.id, outputId: "" }]);

    // The list run's outputs: each names the run it fed.
    const one = await getNodeRun({
      ctx: t.customerCtx,
      input: { id: run.id, nodeKey: "list", nodeRunId: list.id },
    });
    expect(one.outputs.map((o) => o.downstreamRuns)).toEqual(
      items.map((r) => [{ runId: r.id, nodeKey: "item" }]),
    );

    // Outputs: pages of 2 through 5 outputs of one node run.
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listNodeOutputs({
        ctx: t.customerCtx,
        input: { id: run.id, nodeKey: "list", limit: 2, cursor },
      });
      seen.push(...page.items.map((o) => o.id));
      expect(page.items.every((o) => o.downstreamRuns.length === 1)).toBe(true);
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(list.outputs.map((o) => o.id));
    // Outputs across node runs: the "item" outputs, 3 per page.
    const itemOutputs = await listNodeOutputs({
      ctx: t.customerCtx,
      input: { id: run.id, nodeKey: "item", limit: 3 },
    });
    expect(itemOutputs.items.map((o) => o.id)).toEqual(items.slice(0, 3).map((r) => r.outputs[0].id));
    const rest = await listNodeOutputs({
      ctx: t.customerCtx,
      input: { id: run.id, nodeKey: "item", limit: 3, cursor: itemOutputs.cursor },
    });
    expect(rest.items.map((o) => o.id)).toEqual(items.slice(3).map((r) => r.outputs[0].id));
    expect(rest.cursor).toBeUndefined();

    expect(
      await getNodeOutput({
        ctx: t.customerCtx,
        input: { id: run.id, nodeKey: "list", outputId: list.outputs[2].id },
      }),
    ).toEqual({ ...list.outputs[2], downstreamRuns: [{ runId: items[2].id, nodeKey: "item" }] });
    await expect(
      listNodeOutputs({ ctx: t.customerCtx, input: { id: run.id, nodeKey: "list", cursor: "bad" } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("cursor") });
  });
});

type NodeRunRowUpstream = ({ nodeKey: string; runId: string; outputId: string } | string)[];
