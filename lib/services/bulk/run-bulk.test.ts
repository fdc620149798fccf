import { beforeAll, describe, expect, it } from "vitest";
import { makeTenant, testDb } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/services/context";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { runBulk } from "./run-bulk";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const operator = (ctx: Ctx): Ctx => ({
  ...ctx,
  principal: { kind: "admin", via: "session" },
  channel: "console",
});

async function instances(n: number) {
  const t = await makeTenant(db, {
    trigger: { type: "api-trigger", links: [{ key: "x" }] },
    x: { type: "transform-data", config: { output: { a: 1 } } },
  });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: {
        selector: { flowId: t.flow.id, connectionId: t.connection.id, instanceKey: `k${i}` },
        autoCreate: true,
      },
    });
    ids.push(inst.id);
  }
  return { t, ids, ctx: operator(t.ctx) };
}

const actions = async (ctx: Ctx, targetId: string) =>
  (await listAuditEvents({ ctx, input: listAuditEventsQuery.parse({ targetId, limit: "100" }) })).items.map(
    (e) => e.action,
  );

describe("runBulk", () => {
  it("acts on each item separately: one failure is reported and the rest still happen", async () => {
    const { t, ids, ctx } = await instances(12);
    await archiveFlowInstance({ ctx, input: { id: ids[3] } });
    const missing = "0".repeat(24);

    const out = await runBulk({ ctx, input: { action: "run", ids: [...ids, missing, ids[0]] } });
    expect(out.results).toHaveLength(13); // the duplicate id ran once
    expect(out).toMatchObject({ succeeded: 11, failed: 2 });
    expect(out.results.map((r) => r.id)).toEqual([...ids, missing]);
    expect(out.results[3]).toEqual({ id: ids[3], ok: false, error: expect.stringContaining("archived") });
    expect(out.results[12]).toEqual({ id: missing, ok: false, error: "Flow instance not found" });
    for (const r of out.results.filter((r) => r.ok)) {
      const run = await getFlowRun({ ctx: t.ctx, input: { id: r.ok ? r.resultId! : "" } });
      expect(run.flowInstanceId).toBe(r.id);
      expect(await actions(t.ctx, run.id)).toEqual(["run"]);
    }

    const disabled = await runBulk({ ctx, input: { action: "disable", ids } });
    // The archived instance cannot be changed (a write to an archived instance is refused).
    expect(disabled).toMatchObject({ succeeded: 11, failed: 1 });
    expect(disabled.results[3]).toEqual({
      id: ids[3],
      ok: false,
      error: expect.stringContaining("archived"),
    });
    for (const id of ids.filter((_, i) => i !== 3)) {
      expect((await getFlowInstance({ ctx: t.ctx, input: { selector: { id } } })).enabled).toBe(false);
      expect(await actions(t.ctx, id)).toContain("disable");
    }
  });

  it("repeats runs with the same input and start node, and stops queued runs", async () => {
    const { t, ids, ctx } = await instances(2);
    const source = await createFlowRun({ ctx, input: { flowInstanceId: ids[0], input: { n: 1 } } });
    const other = await createFlowRun({ ctx, input: { flowInstanceId: ids[1], input: { n: 2 } } });

    const repeated = await runBulk({ ctx, input: { action: "repeat", ids: [source!.id, other!.id] } });
    expect(repeated).toMatchObject({ succeeded: 2, failed: 0 });
    for (const [i, r] of repeated.results.entries()) {
      const next = await getFlowRun({ ctx: t.ctx, input: { id: r.ok ? r.resultId! : "" } });
      expect(next.id).not.toBe(r.id);
      expect(next.input).toEqual({ n: i + 1 });
      expect(next.startNodeKey).toBe("trigger");
      expect(next.flowInstanceId).toBe(ids[i]);
    }

    // With no worker in tests the runs are still queued: they stop at once.
    const stopped = await runBulk({ ctx, input: { action: "stop", ids: [source!.id] } });
    expect(stopped).toMatchObject({ succeeded: 1, failed: 0 });
    expect((await getFlowRun({ ctx: t.ctx, input: { id: source!.id } })).state).toBe("stopped");
  });

  it("refuses an empty or oversized list and unknown actions as a whole", async () => {
    const { ctx } = await instances(0);
    await expect(runBulk({ ctx, input: { action: "run", ids: [] } })).rejects.toMatchObject({ status: 400 });
    await expect(
      runBulk({ ctx, input: { action: "run", ids: Array.from({ length: 501 }, (_, i) => `id${i}`) } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(runBulk({ ctx, input: { action: "archive" as "run", ids: ["x"] } })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("keeps a customer to its own instances", async () => {
    const a = await instances(1);
    const b = await instances(1);
    const out = await runBulk({
      ctx: a.t.customerCtx,
      input: { action: "disable", ids: [a.ids[0], b.ids[0]] },
    });
    expect(out).toMatchObject({ succeeded: 1, failed: 1 });
    expect(out.results[1]).toEqual({ id: b.ids[0], ok: false, error: "Flow instance not found" });
    expect((await getFlowInstance({ ctx: b.t.ctx, input: { selector: { id: b.ids[0] } } })).enabled).toBe(
      true,
    );
  });
});
