import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance, startTestWorker, waitForRunEnd } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { BACKLOG_FLOOR, boundBacklog, runIntakeStats } from "@/lib/engine/backlog";
import { sql } from "drizzle-orm";
import { queuedBacklog } from "@/lib/engine/store/liveness";

const countQueuedRuns = async (db: Db) => (await queuedBacklog(db)).count;
import { TooManyRequestsError } from "@/lib/core/errors";
import { errorResponse } from "@/lib/server/route";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});
afterAll(() => boundBacklog(db, 0));

const nodes = {
  trigger: { type: "api-trigger", links: [{ key: "shape" }] },
  shape: { type: "transform-data", config: { output: { x: { $var: "$.input.trigger.x" } } } },
};

describe("backlog bound (RUN_BACKLOG_LIMIT)", () => {
  it("answers 429 with Retry-After past the bound, loses no accepted run, and admits again once drained", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    // No worker runs yet, so nothing drains: the bound is the runs already queued in this database plus 5.
    const limit = (await countQueuedRuns(db)) + 5;
    boundBacklog(db, limit);
    const before = runIntakeStats();
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, x) =>
        createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id, input: { x } } }),
      ),
    );
    const accepted = settled.flatMap((s) => (s.status === "fulfilled" && s.value ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const err of refused) expect(err).toBeInstanceOf(TooManyRequestsError);
    expect(runIntakeStats().accepted - before.accepted).toBe(5);
    expect(runIntakeStats().rejected - before.rejected).toBe(7);

    // What the API answers: 429, Retry-After, the Membrane error body.
    const res = errorResponse(refused[0], "req-1");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({
      type: "bad_request",
      key: "rate_limit_exceeded",
      message: expect.stringContaining(`Too many queued flow runs (${limit})`),
    });
    // Refused requests left no run behind.
    expect(await countQueuedRuns(db)).toBe(limit);

    // Every accepted run is executed once a worker drains the queue; then runs are admitted again.
    const worker = startTestWorker(db);
    try {
      for (const run of accepted) expect(await waitForRunEnd(db, run.id)).toBe("completed");
      await new Promise((r) => setTimeout(r, 300)); // past the recount interval
      const again = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id } });
      expect(await waitForRunEnd(db, again!.id)).toBe("completed");
    } finally {
      await worker.stop(2000);
    }
  });

  it("refuses while the oldest queued run has waited past RUN_BACKLOG_SECONDS, but never a backlog under the floor", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    boundBacklog(db, 0);
    const queued = await Promise.all(
      Array.from({ length: BACKLOG_FLOOR + 1 }, (_, x) =>
        createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id, input: { x } } }),
      ),
    );
    // No worker runs: these wait. Make them a few seconds old.
    await db.execute(
      sql`UPDATE flow_runs SET created_at = now() - interval '5 seconds' WHERE state = 'queued'`,
    );
    boundBacklog(db, 100_000, 0.5);
    const refused = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id } }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as Error).message).toContain("the oldest has waited over 0.5 s");

    // The same old runs, but fewer than the floor queued: admitted.
    const n = await countQueuedRuns(db);
    await db.execute(
      sql`UPDATE flow_runs SET state = 'stopped', end_time = now() WHERE id IN (SELECT id FROM flow_runs WHERE state = 'queued' ORDER BY id LIMIT ${n - BACKLOG_FLOOR + 10})`,
    );
    boundBacklog(db, 100_000, 0.5);
    const admitted = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: t.inst.id } });
    expect(admitted?.state).toBe("queued");
    expect(queued.every((r) => r?.state === "queued")).toBe(true);
    boundBacklog(db, 0);
  });
});
