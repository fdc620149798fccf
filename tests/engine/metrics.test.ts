import { beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import { postgresUrlOf, sql, type Db } from "@/lib/db/client";
import { testDb, makeTenant } from "@/tests/helpers";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import {
  collectMetrics,
  getMetricsText,
  renderMetrics,
  DURATION_BUCKETS,
} from "@/lib/services/system/metrics";
import { AccessDeniedError } from "@/lib/core/errors";
import { checkHealth } from "@/lib/services/system/check-health";

// Counts are compared as deltas: with TEST_DATABASE_URL the database is shared with other test files.
let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

async function seed() {
  const t = await makeTenant(db, {
    trigger: { type: "api-trigger", links: [{ key: "call" }] },
    call: { type: "http-request", config: { request: { method: "GET", uri: "http://127.0.0.1:1/" } } },
  });
  const instance = await getFlowInstance({
    ctx: t.ctx,
    input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
  });
  const run = async () => (await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: instance.id } }))!.id;
  return { t, run };
}

/** Marks a queued run finished `seconds` long, ending `agoMinutes` ago. */
async function finish(id: string, state: string, seconds: number, agoMinutes = 1) {
  await db.execute(sql`UPDATE flow_runs SET state = ${state},
      end_time = now() - make_interval(mins => ${agoMinutes}),
      start_time = now() - make_interval(mins => ${agoMinutes}) - make_interval(secs => ${seconds})
    WHERE id = ${id}`);
}

async function failNode(runId: string, nodeKey: string, agoMinutes = 1) {
  await db.execute(sql`INSERT INTO node_runs (id, flow_run_id, node_key, status, start_time, end_time)
    VALUES (${crypto.randomUUID()}, ${runId}, ${nodeKey}, 'failed',
            now() - make_interval(mins => ${agoMinutes}), now() - make_interval(mins => ${agoMinutes}))`);
}

describe("engine metrics", () => {
  it("counts runs by state, the queue, the duration histogram and node errors by type", async () => {
    const before = await collectMetrics(db);
    const { run } = await seed();
    const queued = await run();
    const fast = await run();
    const slow = await run();
    const failed = await run();
    const old = await run();
    await finish(fast, "completed", 0.03);
    await finish(slow, "completed", 7);
    await finish(failed, "failed", 0.4);
    await finish(old, "completed", 1, 120); // outside the one-hour window
    await failNode(failed, "call");
    await failNode(failed, "gone"); // a key the instance does not have
    await failNode(old, "call", 120); // too old

    const after = await collectMetrics(db);
    const d = (k: string) => (after.runsByState[k] ?? 0) - (before.runsByState[k] ?? 0);
    expect(d("queued")).toBe(1);
    expect(d("completed")).toBe(3);
    expect(d("failed")).toBe(1);
    expect(after.queueDepth - before.queueDepth).toBe(1);
    expect(after.runsByState.queued).toBe(after.queueDepth);
    void queued;

    expect(after.duration.count - before.duration.count).toBe(3);
    expect(after.duration.sum - before.duration.sum).toBeCloseTo(7.43, 1);
    const bucket = (m: typeof after, le: number) => m.duration.buckets.find((b) => b.le === le)!.count;
    expect(bucket(after, 0.05) - bucket(before, 0.05)).toBe(1);
    expect(bucket(after, 0.5) - bucket(before, 0.5)).toBe(2);
    expect(bucket(after, 5) - bucket(before, 5)).toBe(2);
    expect(bucket(after, 10) - bucket(before, 10)).toBe(3);
    // cumulative
    const counts = after.duration.buckets.map((b) => b.count);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);

    const e = (m: typeof after, k: string) => m.nodeErrorsByType[k] ?? 0;
    expect(e(after, "http-request") - e(before, "http-request")).toBe(1);
    expect(e(after, "unknown") - e(before, "unknown")).toBe(1);

    // PostgreSQL: every run queued a graphile-worker job (no worker runs here, so they all wait).
    if (postgresUrlOf(db)) expect(after.queueJobs!.waiting - before.queueJobs!.waiting).toBe(5);
    else expect(after.queueJobs).toBeUndefined();
  });

  it("renders the Prometheus text format, for admins, and refuses customers", async () => {
    const text = renderMetrics({
      runsByState: { queued: 2, running: 1, completed: 5, failed: 0, stopped: 0 },
      queueDepth: 2,
      duration: {
        buckets: DURATION_BUCKETS.map((le) => ({ le, count: le >= 1 ? 3 : 1 })),
        count: 4,
        sum: 12.5,
      },
      nodeErrorsByType: { 'we"ird': 1, "http-request": 2 },
      queueJobs: { waiting: 7, locked: 3 },
    });
    expect(text).toContain('# TYPE flowdeck_flow_runs gauge\nflowdeck_flow_runs{state="queued"} 2\n');
    expect(text).toContain("flowdeck_queue_depth 2\n");
    expect(text).toContain("# TYPE flowdeck_run_duration_seconds histogram\n");
    expect(text).toContain('flowdeck_run_duration_seconds_bucket{le="0.05"} 1\n');
    expect(text).toContain('flowdeck_run_duration_seconds_bucket{le="+Inf"} 4\n');
    expect(text).toContain("flowdeck_run_duration_seconds_sum 12.5\nflowdeck_run_duration_seconds_count 4\n");
    expect(text).toContain('flowdeck_node_errors_total{type="http-request"} 2\n');
    expect(text).toContain('flowdeck_node_errors_total{type="we\\"ird"} 1\n');
    expect(text).toContain(
      '# TYPE flowdeck_queue_jobs gauge\nflowdeck_queue_jobs{state="waiting"} 7\nflowdeck_queue_jobs{state="locked"} 3\n',
    );
    expect(text.endsWith("\n")).toBe(true);

    const { t } = await seed();
    const apiReads = { reused: 7, computed: 3, rows: { reused: 40, built: 12 } };
    const signIns = { succeeded: 2, failed: 5, throttled: 1 };
    const runIntake = { accepted: 40, rejected: 6, bound: 230 };
    await expect(
      getMetricsText({ ctx: t.customerCtx, input: { apiReads, signIns, runIntake } }),
    ).rejects.toBeInstanceOf(AccessDeniedError);
    const served = await getMetricsText({ ctx: t.ctx, input: { apiReads, signIns, runIntake } });
    expect(served).toMatch(/^# HELP flowdeck_flow_runs/);
    expect(served).toContain(
      'flowdeck_api_reads_total{outcome="reused"} 7\nflowdeck_api_reads_total{outcome="computed"} 3\n',
    );
    expect(served).toContain(
      'flowdeck_api_row_json_total{outcome="reused"} 40\nflowdeck_api_row_json_total{outcome="built"} 12\n',
    );
    expect(served).toContain('flowdeck_console_sign_ins_total{outcome="throttled"} 1\n');
    expect(served).toContain(
      'flowdeck_run_requests_total{outcome="accepted"} 40\nflowdeck_run_requests_total{outcome="rejected"} 6\n',
    );
    expect(served).toContain("# TYPE flowdeck_run_backlog_bound gauge\nflowdeck_run_backlog_bound 230\n");
  });
});

describe("health", () => {
  it("reports the database and the queue (graphile-worker jobs on PostgreSQL)", async () => {
    const { run } = await seed();
    await run();
    const running = await run();
    await db.execute(sql`UPDATE flow_runs SET state = 'running', start_time = now() WHERE id = ${running}`);
    const health = await checkHealth(db, { activeCount: 2, mode: "embedded" });
    expect(health).toMatchObject({ status: "ok", database: "ok", worker: { mode: "embedded", active: 2 } });
    // At least this test's runs (the database may be shared with other test files).
    expect(health.queue.queuedRuns).toBeGreaterThanOrEqual(1);
    expect(health.queue.runningRuns).toBeGreaterThanOrEqual(1);
    await finish(running, "completed", 1);
    if (postgresUrlOf(db))
      expect(health).toMatchObject({
        databaseKind: "postgres",
        queue: { kind: "graphile-worker", jobs: { waiting: expect.any(Number), locked: expect.any(Number) } },
      });
    else expect(health).toMatchObject({ databaseKind: "pglite", queue: { kind: "embedded" } });
    expect((await checkHealth(db)).worker).toBe("off");
  });
});
