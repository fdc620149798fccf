// Fenced writes of the run store: node runs and the final state are written only by the attempt that
// owns the run (worker id + attempt number + state running).
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDb, makeTenant } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { flowInstances, flowRuns, nodeRuns } from "@/lib/db/schema";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { newId } from "@/lib/core/ids";
import { claimRuns, finishRun, insertNodeRuns, type NodeRunRecord } from "./run-store";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function runningRun(opts: { attempts?: number; workerId?: string } = {}) {
  const t = await makeTenant(db, { t: { type: "api-trigger" } });
  const api = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, api.id));
  const id = newId();
  await db.insert(flowRuns).values({
    id,
    flowInstanceId: instance.id,
    flowId: instance.flowId,
    connectionId: instance.connectionId,
    customerId: instance.customerId,
    integrationId: instance.integrationId,
    startNodeKey: "t",
    state: "running",
    attempts: opts.attempts ?? 1,
    workerId: opts.workerId ?? "w1",
    heartbeatAt: new Date(),
  });
  return {
    id,
    instanceId: instance.id,
    fence: { runId: id, workerId: opts.workerId ?? "w1", attempt: opts.attempts ?? 1 },
  };
}

const rec = (flowRunId: string, nodeKey: string, extra: Partial<NodeRunRecord> = {}): NodeRunRecord => ({
  id: newId(),
  flowRunId,
  nodeKey,
  upstreamRuns: [],
  input: { x: 1 },
  status: "completed",
  logs: [{ message: "hi" }],
  outputs: [{ id: "o1", data: { "quote'd": "it's", nested: [1, { a: null }] } }],
  errors: [],
  startTime: new Date(Date.now() - 5),
  endTime: new Date(),
  ...extra,
});

const nodeRunsOf = (runId: string) => db.select().from(nodeRuns).where(eq(nodeRuns.flowRunId, runId));

describe("insertNodeRuns", () => {
  it("writes every record in one statement, JSON intact", async () => {
    const { id, fence } = await runningRun();
    const recs = [
      rec(id, "a"),
      rec(id, "b", { input: undefined, status: "failed", errors: [{ message: "x" }] }),
    ];
    expect(await insertNodeRuns(db, fence, recs)).toBe(true);
    const stored = await nodeRunsOf(id);
    expect(stored.map((n) => n.nodeKey).sort()).toEqual(["a", "b"]);
    const a = stored.find((n) => n.nodeKey === "a")!;
    expect(a.outputs).toEqual([{ id: "o1", data: { "quote'd": "it's", nested: [1, { a: null }] } }]);
    expect(a.input).toEqual({ x: 1 });
    expect(a.startTime).toBeInstanceOf(Date);
    expect(stored.find((n) => n.nodeKey === "b")!.status).toBe("failed");
  });

  it("writes nothing for another worker, another attempt or a run that is no longer running", async () => {
    const { id, fence } = await runningRun({ attempts: 2 });
    expect(await insertNodeRuns(db, { ...fence, workerId: "other" }, [rec(id, "a")])).toBe(false);
    expect(await insertNodeRuns(db, { ...fence, attempt: 1 }, [rec(id, "a")])).toBe(false);
    await db.update(flowRuns).set({ state: "queued" }).where(eq(flowRuns.id, id));
    expect(await insertNodeRuns(db, fence, [rec(id, "a")])).toBe(false);
    expect(await nodeRunsOf(id)).toHaveLength(0);
  });
});

describe("finishRun", () => {
  it("sets the final state, writes the pending node runs and the instance's last run at once", async () => {
    const { id, instanceId, fence } = await runningRun();
    const row = await finishRun(
      db,
      fence,
      { state: "completed", nodes: { t: { runs: 1 } }, errors: [], output: { ok: true } },
      [rec(id, "t")],
    );
    expect(row).toMatchObject({ id, state: "completed", flowInstanceId: instanceId, output: { ok: true } });
    expect(row!.endTime).toBeInstanceOf(Date);
    expect(row!.heartbeatAt).toBeNull();
    expect(await nodeRunsOf(id)).toHaveLength(1);
    const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, instanceId));
    expect(instance).toMatchObject({ lastRunId: id, lastRunState: "completed" });
  });

  it("stores a null output as SQL NULL", async () => {
    const { id, fence } = await runningRun();
    await finishRun(db, fence, { state: "failed", nodes: {}, errors: [{ message: "x" }], output: null });
    const [r] = await db.select().from(flowRuns).where(eq(flowRuns.id, id));
    expect(r.output).toBeNull();
    expect(r.errors).toEqual([{ message: "x" }]);
  });

  it("does nothing for an attempt that lost the run", async () => {
    const { id, instanceId, fence } = await runningRun({ attempts: 2 });
    const res = await finishRun(
      db,
      { ...fence, attempt: 1 },
      { state: "completed", nodes: {}, errors: [], output: 1 },
      [rec(id, "t")],
    );
    expect(res).toBeUndefined();
    const [r] = await db.select().from(flowRuns).where(eq(flowRuns.id, id));
    expect(r.state).toBe("running");
    expect(await nodeRunsOf(id)).toHaveLength(0);
    const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, instanceId));
    expect(instance.lastRunId).toBeNull();
  });

  it("does not move the instance's last run back to an older run", async () => {
    const older = await runningRun();
    const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, older.instanceId));
    const newer = newId(new Date(Date.now() + 60_000));
    await db
      .update(flowInstances)
      .set({ lastRunId: newer, lastRunState: "running" })
      .where(eq(flowInstances.id, instance.id));
    await finishRun(db, older.fence, { state: "completed", nodes: {}, errors: [], output: null });
    const [after] = await db.select().from(flowInstances).where(eq(flowInstances.id, instance.id));
    expect(after.lastRunId).toBe(newer);
  });
});

describe("claimRuns", () => {
  it("discards the node runs of a previous attempt when a run is claimed again", async () => {
    const { id, fence } = await runningRun();
    await insertNodeRuns(db, fence, [rec(id, "t")]);
    await db.update(flowRuns).set({ state: "queued", workerId: null }).where(eq(flowRuns.id, id));
    // Claim until ours comes up (other files' runs are not in this database; earlier tests' are finished).
    const claimed = await claimRuns(db, "w2", 100);
    expect(claimed.map((r) => r.id)).toContain(id);
    const mine = claimed.find((r) => r.id === id)!;
    expect(mine).toMatchObject({ state: "running", workerId: "w2", attempts: 2 });
    expect(await nodeRunsOf(id)).toHaveLength(0);
  });
});
