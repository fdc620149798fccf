// Engine behaviour beyond lib/engine/engine.test.ts: for-each sub-flows, per-node concurrency, stopping a
// running run (aborting its HTTP request), repeat, the sweeper, and schedule firing.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { testDb, makeTenant, adminCtx, startTestWorker, waitForRunEnd, uid } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { flowInstances, flowRuns, nodeRuns } from "@/lib/db/schema";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { Worker } from "@/lib/engine/worker";
import { sweepStaleRuns } from "@/lib/engine/store/liveness";
import { engineFireSchedules } from "@/lib/server/boot";
import { newId } from "@/lib/core/ids";
import type { FlowNodes } from "@/lib/core/flow";

let db: Db;
let worker: Worker;

// A local HTTP server: /slow?ms=N&tag=T answers after N ms and records, per tag, how many requests were
// in flight at once and which ones the client aborted.
let server: http.Server;
let base = "";
const inFlight = new Map<string, number>();
const maxInFlight = new Map<string, number>();
const received = new Map<string, number>();
const aborted = new Map<string, number>();

beforeAll(async () => {
  db = (await testDb()).db;
  worker = startTestWorker(db);
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const tag = url.searchParams.get("tag") ?? "";
    const ms = Number(url.searchParams.get("ms") ?? 0);
    received.set(tag, (received.get(tag) ?? 0) + 1);
    inFlight.set(tag, (inFlight.get(tag) ?? 0) + 1);
    maxInFlight.set(tag, Math.max(maxInFlight.get(tag) ?? 0, inFlight.get(tag)!));
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight.set(tag, inFlight.get(tag)! - 1);
    };
    const timer = setTimeout(() => {
      finish();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ tag, ms }));
    }, ms);
    res.on("close", () => {
      if (!res.writableFinished) {
        clearTimeout(timer);
        finish();
        aborted.set(tag, (aborted.get(tag) ?? 0) + 1);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await worker.stop(1000);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function instanceFor(nodes: FlowNodes) {
  const t = await makeTenant(db, nodes);
  const instance = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  return { t, instance };
}

async function loadRun(runId: string) {
  const [run] = await db.select().from(flowRuns).where(eq(flowRuns.id, runId));
  const nrs = await db.select().from(nodeRuns).where(eq(nodeRuns.flowRunId, runId));
  return { run, nodeRuns: nrs };
}

async function runFlow(nodes: FlowNodes, input: unknown) {
  const { t, instance } = await instanceFor(nodes);
  const created = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id, input } });
  const state = await waitForRunEnd(db, created!.id);
  return { state, ...(await loadRun(created!.id)), t, instance };
}

const slowUrl = (tag: string, ms: number) => `${base}/slow?ms=${ms}&tag=${tag}`;
const countBy = (nrs: { nodeKey: string }[]) =>
  nrs.reduce<Record<string, number>>((acc, n) => ((acc[n.nodeKey] = (acc[n.nodeKey] ?? 0) + 1), acc), {});

describe("for-each-v2", () => {
  it("runs the sub-flow once per item and aggregates each item's outputs, end to end", async () => {
    const { state, run, nodeRuns } = await runFlow(
      {
        trigger: {
          type: "api-trigger",
          config: {
            inputSchema: {
              type: "object",
              properties: { numbers: { type: "array", items: { type: "number" } } },
            },
          },
          links: [{ key: "loop" }],
        },
        loop: {
          type: "for-each-v2",
          config: { items: { $var: "$.input.trigger.numbers" }, rootNodeKey: "body" },
          links: [{ key: "after" }],
        },
        // The sub-flow: body → keep (items > 2 reach the end of the iteration, the rest stop at the filter).
        body: {
          type: "transform-data",
          config: { output: { n: { $var: "$.input.loop.item" }, index: { $var: "$.input.loop.index" } } },
          links: [{ key: "keep", filter: { $eval: { $var: "$.input.body.n" }, gt: 2 } }],
        },
        keep: { type: "transform-data", config: { output: { kept: { $var: "$.input.body.n" } } } },
        after: {
          type: "transform-data",
          config: {
            output: { count: { $var: "$.input.loop.count" }, items: { $var: "$.input.loop.items" } },
          },
        },
      },
      { numbers: [1, 2, 3, 4] },
    );
    expect(run.errors).toEqual([]);
    expect(state).toBe("completed");
    expect(countBy(nodeRuns)).toEqual({ trigger: 1, loop: 1, body: 4, keep: 2, after: 1 });
    const loop = nodeRuns.find((n) => n.nodeKey === "loop")!;
    expect(loop.outputs.map((o) => o.data)).toEqual([
      { items: [[], [], [{ kept: 3 }], [{ kept: 4 }]], count: 4 },
    ]);
    expect(run.output).toEqual({ count: 4, items: [[], [], [{ kept: 3 }], [{ kept: 4 }]] });
    // Each iteration's node runs point back at the loop's node run.
    for (const body of nodeRuns.filter((n) => n.nodeKey === "body"))
      expect(body.upstreamRuns).toEqual([{ nodeKey: "loop", runId: loop.id, outputId: expect.any(String) }]);
    expect(
      nodeRuns
        .filter((n) => n.nodeKey === "body")
        .map((n) => n.input)
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toContainEqual({ trigger: { numbers: [1, 2, 3, 4] }, loop: { item: 3, index: 2 } });
    expect(run.nodes).toMatchObject({
      body: { runs: 4, outputs: 4 },
      keep: { runs: 2 },
      loop: { runs: 1, outputs: 1 },
    });
  });
});

describe("per-node concurrency", () => {
  const fanIn = (tag: string, concurrency?: number): FlowNodes => ({
    t: { type: "api-trigger", links: ["a", "b", "c", "d"].map((key) => ({ key })) },
    a: { type: "transform-data", config: { output: { from: "a" } }, links: [{ key: "slow" }] },
    b: { type: "transform-data", config: { output: { from: "b" } }, links: [{ key: "slow" }] },
    c: { type: "transform-data", config: { output: { from: "c" } }, links: [{ key: "slow" }] },
    d: { type: "transform-data", config: { output: { from: "d" } }, links: [{ key: "slow" }] },
    slow: {
      type: "custom-http-request",
      config: { url: slowUrl(tag, 150) },
      ...(concurrency ? { concurrency } : {}),
    },
  });

  it("without a limit, runs of one node overlap", async () => {
    const tag = uid("free-");
    const { state, nodeRuns } = await runFlow(fanIn(tag), {});
    expect(state).toBe("completed");
    expect(countBy(nodeRuns).slow).toBe(4);
    expect(maxInFlight.get(tag)).toBeGreaterThan(1);
  });

  it("concurrency: 1 runs them one at a time", async () => {
    const tag = uid("one-");
    const { state, nodeRuns } = await runFlow(fanIn(tag, 1), {});
    expect(state).toBe("completed");
    expect(countBy(nodeRuns).slow).toBe(4);
    expect(received.get(tag)).toBe(4);
    expect(maxInFlight.get(tag)).toBe(1);
  });

  it("concurrency: 2 allows two at a time", async () => {
    const tag = uid("two-");
    const { state } = await runFlow(fanIn(tag, 2), {});
    expect(state).toBe("completed");
    expect(received.get(tag)).toBe(4);
    expect(maxInFlight.get(tag)).toBe(2);
  });
});

describe("stop", () => {
  it("stops a RUNNING run and aborts its in-flight HTTP request", async () => {
    const tag = uid("stop-");
    const { t, instance } = await instanceFor({
      t: { type: "api-trigger", links: [{ key: "slow" }] },
      slow: { type: "custom-http-request", config: { url: slowUrl(tag, 10_000) }, links: [{ key: "after" }] },
      after: { type: "transform-data", config: { output: { reached: true } } },
    });
    const created = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } });
    const started = Date.now();
    while (!received.get(tag)) {
      if (Date.now() - started > 10_000) throw new Error("the slow request never arrived");
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await loadRun(created!.id)).run.state).toBe("running");
    const flagged = await stopFlowRun({ ctx: adminCtx(db), input: { id: created!.id } });
    expect(["running", "stopped"]).toContain(flagged.state);
    expect(await waitForRunEnd(db, created!.id)).toBe("stopped");
    expect(Date.now() - started).toBeLessThan(8000);
    // The server saw the request aborted, not completed.
    await new Promise((r) => setTimeout(r, 100));
    expect(aborted.get(tag)).toBe(1);
    const { run, nodeRuns } = await loadRun(created!.id);
    expect(run.endTime).toBeTruthy();
    expect(nodeRuns.map((n) => n.nodeKey)).not.toContain("after");
    expect(nodeRuns.map((n) => n.nodeKey)).toContain("t");
    // Stopping again is idempotent; the run stays stopped.
    expect((await stopFlowRun({ ctx: adminCtx(db), input: { id: created!.id } })).state).toBe("stopped");
  });
});

describe("durability", () => {
  it("writes a node run while the run is still going (within ~100 ms of the node finishing)", async () => {
    const tag = uid("durable-");
    const { t, instance } = await instanceFor({
      t: { type: "api-trigger", links: [{ key: "slow" }] },
      slow: { type: "custom-http-request", config: { url: slowUrl(tag, 1500) } },
    });
    const created = await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } });
    const started = Date.now();
    while (!received.get(tag)) {
      if (Date.now() - started > 10_000) throw new Error("the slow request never arrived");
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 400));
    const during = await loadRun(created!.id);
    expect(during.run.state).toBe("running");
    expect(during.nodeRuns.map((n) => n.nodeKey)).toEqual(["t"]);
    expect(await waitForRunEnd(db, created!.id)).toBe("completed");
    expect(countBy((await loadRun(created!.id)).nodeRuns)).toEqual({ t: 1, slow: 1 });
  });
});

describe("repeat", () => {
  it("a repeated run (same input and start node) runs again independently", async () => {
    // Two API triggers: the start node must be named, and a repeat must keep it.
    const { t, instance } = await instanceFor({
      trigger: { type: "api-trigger", links: [{ key: "shape" }] },
      other: { type: "api-trigger", links: [{ key: "shape" }] },
      shape: { type: "transform-data", config: { output: { hello: { $var: "$.input.trigger.name" } } } },
    });
    const original = await createFlowRun({
      ctx: t.ctx,
      input: { flowInstanceId: instance.id, startNodeKey: "trigger", input: { name: "Ada" } },
    });
    expect(await waitForRunEnd(db, original!.id)).toBe("completed");
    const before = await loadRun(original!.id);

    const again = await createFlowRun({
      ctx: t.ctx,
      input: {
        flowInstanceId: before.run.flowInstanceId,
        startNodeKey: before.run.startNodeKey ?? undefined,
        input: before.run.input,
      },
    });
    expect(again!.id).not.toBe(original!.id);
    expect(await waitForRunEnd(db, again!.id)).toBe("completed");
    const after = await loadRun(again!.id);
    expect(after.run.input).toEqual({ name: "Ada" });
    expect(after.run.startNodeKey).toBe("trigger");
    expect(after.run.output).toEqual(before.run.output);
    expect(after.run.output).toEqual({ hello: "Ada" });
    expect(countBy(after.nodeRuns)).toEqual({ trigger: 1, shape: 1 });
    // The original run is untouched.
    expect((await loadRun(original!.id)).nodeRuns).toHaveLength(2);
  });
});

describe("sweeper", () => {
  async function orphanedRun(attempts: number) {
    const created = await instanceFor({
      trigger: { type: "api-trigger", links: [{ key: "shape" }] },
      shape: { type: "transform-data", config: { output: { ok: true } } },
    });
    const [instance] = await db.select().from(flowInstances).where(eq(flowInstances.id, created.instance.id));
    const id = newId();
    // A run a dead worker claimed: still `running`, heartbeat an hour old, with a node run of that attempt.
    await db.insert(flowRuns).values({
      id,
      flowInstanceId: instance.id,
      flowId: instance.flowId,
      connectionId: instance.connectionId,
      customerId: instance.customerId,
      integrationId: instance.integrationId,
      startNodeKey: "trigger",
      input: { x: 1 },
      state: "running",
      attempts,
      workerId: "dead-host:1:abcdef",
      heartbeatAt: new Date(Date.now() - 3_600_000),
      startTime: new Date(Date.now() - 3_600_000),
    });
    await db.insert(nodeRuns).values({
      id: newId(),
      flowRunId: id,
      nodeKey: "trigger",
      status: "completed",
      startTime: new Date(Date.now() - 3_600_000),
      endTime: new Date(Date.now() - 3_600_000),
    });
    return id;
  }

  it("requeues a stale run below max attempts; it then completes with the node runs of one attempt", async () => {
    const id = await orphanedRun(1);
    const swept = await sweepStaleRuns(db, 0, 3);
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    expect(await waitForRunEnd(db, id)).toBe("completed");
    const { run, nodeRuns } = await loadRun(id);
    expect(run.attempts).toBe(2);
    expect(run.workerId).toBe(worker.id);
    expect(countBy(nodeRuns)).toEqual({ trigger: 1, shape: 1 });
    expect(run.output).toEqual({ ok: true });
  });

  it("fails a stale run at max attempts with a clear error", async () => {
    const id = await orphanedRun(3);
    const swept = await sweepStaleRuns(db, 0, 3);
    expect(swept.failed).toBeGreaterThanOrEqual(1);
    const { run } = await loadRun(id);
    expect(run.state).toBe("failed");
    expect(run.endTime).toBeTruthy();
    expect(JSON.stringify(run.errors)).toMatch(/stopped responding 3 times; giving up/);
    // It is not picked up again.
    await new Promise((r) => setTimeout(r, 200));
    expect((await loadRun(id)).run.state).toBe("failed");
  });

  it("leaves runs with a fresh heartbeat alone", async () => {
    const id = await orphanedRun(1);
    await db.update(flowRuns).set({ heartbeatAt: new Date() }).where(eq(flowRuns.id, id));
    await sweepStaleRuns(db, 60, 3);
    expect((await loadRun(id)).run.state).toBe("running");
    // Clean up: let it be swept and finish, so it does not linger in the shared database.
    await db
      .update(flowRuns)
      .set({ heartbeatAt: new Date(0) })
      .where(eq(flowRuns.id, id));
    await sweepStaleRuns(db, 0, 3);
    expect(await waitForRunEnd(db, id)).toBe("completed");
  });
});

describe("schedules", () => {
  const scheduled: FlowNodes = {
    tick: { type: "schedule-trigger", config: { intervalMinutes: 1 }, links: [{ key: "shape" }] },
    shape: { type: "transform-data", config: { output: { at: { $var: "$.input.tick.scheduledAt" } } } },
  };
  const runsOf = (instanceId: string) =>
    db.select().from(flowRuns).where(eq(flowRuns.flowInstanceId, instanceId));

  it("fires once per tick even when fireSchedules is called twice concurrently for the same minute", async () => {
    const { instance } = await instanceFor(scheduled);
    const minute = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));
    await Promise.all([
      engineFireSchedules(db, minute),
      engineFireSchedules(db, new Date(minute.getTime() + 30_000)),
    ]);
    await engineFireSchedules(db, new Date(minute.getTime() + 59_000));
    let runs = await runsOf(instance.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].launchedBy).toMatchObject({ type: "schedule-trigger", ids: ["tick"] });
    expect(runs[0].startNodeKey).toBe("tick");
    expect(await waitForRunEnd(db, runs[0].id)).toBe("completed");
    expect((await loadRun(runs[0].id)).run.output).toEqual({ at: minute.toISOString() });
    // The next minute is a new tick.
    await engineFireSchedules(db, new Date(minute.getTime() + 60_000));
    runs = await runsOf(instance.id);
    expect(runs).toHaveLength(2);
    await Promise.all(runs.map((r) => waitForRunEnd(db, r.id)));
  });

  it("does not fire disabled or archived instances", async () => {
    const disabled = await instanceFor(scheduled);
    const archived = await instanceFor(scheduled);
    await db.update(flowInstances).set({ enabled: false }).where(eq(flowInstances.id, disabled.instance.id));
    await db
      .update(flowInstances)
      .set({ archivedAt: new Date() })
      .where(eq(flowInstances.id, archived.instance.id));
    const minute = new Date(Date.UTC(2030, 0, 1, 13, 0, 0));
    await engineFireSchedules(db, minute);
    expect(await runsOf(disabled.instance.id)).toHaveLength(0);
    expect(await runsOf(archived.instance.id)).toHaveLength(0);
    // Re-enabled, it fires on the next tick.
    await db.update(flowInstances).set({ enabled: true }).where(eq(flowInstances.id, disabled.instance.id));
    await engineFireSchedules(db, new Date(minute.getTime() + 60_000));
    const runs = await runsOf(disabled.instance.id);
    expect(runs).toHaveLength(1);
    await waitForRunEnd(db, runs[0].id);
    expect(
      await db
        .select()
        .from(flowRuns)
        .where(and(eq(flowRuns.flowInstanceId, archived.instance.id))),
    ).toHaveLength(0);
  });
});
