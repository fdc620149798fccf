// Fenced writes of the run store: node runs and the final state are written by no attempt but the one that
// owns the run (worker id + attempt number + state running).
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDb, makeTenant } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { flowInstances, flowRuns, nodeRuns } from "@/lib/db/schema";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { newId } from "@/lib/core/ids";
import { claimRuns } from "./claims";
import { loadRunContext } from "./context";
import { finishRun, finishRunBatched, finishRuns, insertNodeRuns, type NodeRunRecord } from "./node-runs";
import { batcher } from "../batcher";

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

describe("finishRuns (several attempts in one statement)", () => {
  it("finishes each attempt it still owns, skips the fenced-out one, keeps the newest as last run", async () => {
    const a = await runningRun();
    const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, a.instanceId));
    // A second run of the same instance, newer id, and a third that lost its run to another attempt.
    const b = newId(new Date(Date.now() + 1000));
    const c = await runningRun({ attempts: 3 });
    await db.insert(flowRuns).values({
      id: b,
      flowInstanceId: instance.id,
      flowId: instance.flowId,
      connectionId: instance.connectionId,
      customerId: instance.customerId,
      integrationId: instance.integrationId,
      state: "running",
      attempts: 1,
      workerId: "w1",
    });
    const rows = await finishRuns(db, [
      {
        fence: a.fence,
        result: { state: "completed", nodes: {}, errors: [], output: { a: 1 } },
        pendingNodeRuns: [rec(a.id, "t")],
      },
      {
        fence: { runId: b, workerId: "w1", attempt: 1 },
        result: { state: "failed", nodes: {}, errors: ["x"], output: null },
        pendingNodeRuns: [rec(b, "t"), rec(b, "u")],
      },
      {
        fence: { ...c.fence, attempt: 2 },
        result: { state: "completed", nodes: {}, errors: [], output: 1 },
        pendingNodeRuns: [rec(c.id, "t")],
      },
    ]);
    expect(rows.map((r) => r?.state)).toEqual(["completed", "failed", undefined]);
    expect(rows[0]!.output).toEqual({ a: 1 });
    expect(rows[1]!.output).toBeNull();
    expect(await nodeRunsOf(a.id)).toHaveLength(1);
    expect(await nodeRunsOf(b)).toHaveLength(2);
    expect(await nodeRunsOf(c.id)).toHaveLength(0);
    const [after] = await db.select().from(flowInstances).where(eq(flowInstances.id, instance.id));
    expect(after).toMatchObject({ lastRunId: b, lastRunState: "failed" });
  });

  it("finishRunBatched: finishes requested together share statements and each gets its own row", async () => {
    const runs = await Promise.all([runningRun(), runningRun(), runningRun()]);
    const rows = await Promise.all(
      runs.map((r) =>
        finishRunBatched(db, r.fence, { state: "completed", nodes: {}, errors: [], output: r.id }, [
          rec(r.id, "t"),
        ]),
      ),
    );
    expect(rows.map((r) => r?.output)).toEqual(runs.map((r) => r.id));
  });
});

describe("batcher (group commit)", () => {
  it("sends calls made while a statement is in flight together in the next one", async () => {
    const calls: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const double = batcher("test", async (items: number[]) => {
      calls.push(items);
      if (calls.length === 1) await gate;
      return items.map((i) => i * 2);
    });
    const first = double(1);
    await new Promise((r) => setImmediate(r)); // the first statement is now in flight
    const rest = [double(2), double(3), double(4)];
    release();
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(calls).toEqual([[1], [2, 3, 4]]);
  });

  it("rejects every call of a failed statement, and carries on", async () => {
    let fail = true;
    const f = batcher("test-fail", async (items: number[]) => {
      if (fail) throw new Error("down");
      return items;
    });
    await expect(Promise.all([f(1), f(2)])).rejects.toThrow("down");
    fail = false;
    expect(await f(3)).toBe(3);
  });
});

describe("loadRunContext", () => {
  it("reuses the decoded context while the claim's stamp is unchanged, reads again when it changes", async () => {
    const { id, instanceId } = await runningRun();
    const [run] = await db.select().from(flowRuns).where(eq(flowRuns.id, id));
    const first = await loadRunContext(db, { ...run, contextStamp: "s1" });
    expect(first.instance.id).toBe(instanceId);
    expect(first.credentials).toEqual({ apiKey: "k" });
    expect(await loadRunContext(db, { ...run, contextStamp: "s1" })).toBe(first);
    await db.update(flowInstances).set({ name: "Renamed" }).where(eq(flowInstances.id, instanceId));
    const fresh = await loadRunContext(db, { ...run, contextStamp: "s2" });
    expect(fresh).not.toBe(first);
    expect(fresh.instance.name).toBe("Renamed");
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
    // With a stamp of the context's versions (instance revision, updated_at of instance and its parts).
    expect(mine.contextStamp).toMatch(/^1\|/);
    expect(await nodeRunsOf(id)).toHaveLength(0);
  });
});
