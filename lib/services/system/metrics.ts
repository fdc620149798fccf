import { sql } from "drizzle-orm";
import { postgresUrlOf, rows, type Db, type DbOrTx } from "../../db/client";
import { queueJobCounts } from "../../db/queue";
import { AccessDeniedError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { getMetricsTextInput } from "./schemas";

// Prometheus metrics of the run engine, read from the database (so any app server reports the same
// numbers, whichever process ran the runs). Served by GET /api/metrics (admin only).

export const RUN_STATES = ["queued", "running", "completed", "failed", "stopped"] as const;
/** Upper bounds (seconds) of the run duration histogram buckets; `+Inf` is added. */
export const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] as const;
const WINDOW = "1 hour";

export type EngineMetrics = {
  runsByState: Record<string, number>;
  queueDepth: number;
  /** Finished runs (completed/failed/stopped) whose end_time is within the last hour. */
  duration: { buckets: { le: number; count: number }[]; count: number; sum: number };
  /** Failed node runs that ended within the last hour, by node type (from the run's flow instance). */
  nodeErrorsByType: Record<string, number>;
  /** PostgreSQL only: graphile-worker jobs, waiting (runnable now or later) and locked (fetched/running). */
  queueJobs?: { waiting: number; locked: number };
};

export async function collectMetrics(db: DbOrTx): Promise<EngineMetrics> {
  const byState = await rows<{ state: string; n: number | string }>(
    db,
    sql`SELECT state, count(*)::int AS n FROM flow_runs GROUP BY state`,
  );
  const runsByState: Record<string, number> = Object.fromEntries(RUN_STATES.map((s) => [s, 0]));
  for (const r of byState) runsByState[r.state] = Number(r.n);

  // Cumulative bucket counts in one pass: count(*) FILTER (WHERE d <= le) per bound.
  const bucketCols = sql.join(
    DURATION_BUCKETS.map((le, i) => sql.raw(`count(*) FILTER (WHERE d <= ${le})::int AS b${i}`)),
    sql`, `,
  );
  const [h] = await rows<Record<string, number | string | null>>(
    db,
    sql`SELECT ${bucketCols}, count(*)::int AS n, coalesce(sum(d), 0)::float8 AS s
        FROM (
          SELECT extract(epoch FROM (end_time - start_time))::float8 AS d
          FROM flow_runs
          WHERE state IN ('completed', 'failed', 'stopped')
            AND end_time >= now() - ${WINDOW}::interval
            AND start_time IS NOT NULL
        ) t`,
  );
  const duration = {
    buckets: DURATION_BUCKETS.map((le, i) => ({ le, count: Number(h[`b${i}`] ?? 0) })),
    count: Number(h.n ?? 0),
    sum: Number(h.s ?? 0),
  };

  const errors = await rows<{ type: string; n: number | string }>(
    db,
    sql`SELECT coalesce(i.nodes -> n.node_key ->> 'type', 'unknown') AS type, count(*)::int AS n
        FROM node_runs n
        JOIN flow_runs r ON r.id = n.flow_run_id
        LEFT JOIN flow_instances i ON i.id = r.flow_instance_id
        WHERE n.status = 'failed' AND n.end_time >= now() - ${WINDOW}::interval
        GROUP BY 1`,
  );
  const nodeErrorsByType: Record<string, number> = {};
  for (const e of errors) nodeErrorsByType[e.type] = Number(e.n);

  const queueJobs = postgresUrlOf(db as Db) ? await queueJobCounts(db) : undefined;
  return {
    runsByState,
    queueDepth: runsByState.queued ?? 0,
    duration,
    nodeErrorsByType,
    ...(queueJobs ? { queueJobs } : {}),
  };
}

const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/** Prometheus text exposition format 0.0.4. */
export function renderMetrics(m: EngineMetrics): string {
  const out: string[] = [];
  out.push("# HELP flowdeck_flow_runs Flow runs by state.", "# TYPE flowdeck_flow_runs gauge");
  for (const [state, n] of Object.entries(m.runsByState))
    out.push(`flowdeck_flow_runs{state="${label(state)}"} ${n}`);
  out.push(
    "# HELP flowdeck_queue_depth Flow runs waiting for a worker.",
    "# TYPE flowdeck_queue_depth gauge",
    `flowdeck_queue_depth ${m.queueDepth}`,
  );
  out.push(
    "# HELP flowdeck_run_duration_seconds Duration (start to end) of flow runs that finished in the last hour.",
    "# TYPE flowdeck_run_duration_seconds histogram",
  );
  for (const b of m.duration.buckets)
    out.push(`flowdeck_run_duration_seconds_bucket{le="${b.le}"} ${b.count}`);
  out.push(
    `flowdeck_run_duration_seconds_bucket{le="+Inf"} ${m.duration.count}`,
    `flowdeck_run_duration_seconds_sum ${m.duration.sum}`,
    `flowdeck_run_duration_seconds_count ${m.duration.count}`,
  );
  out.push(
    "# HELP flowdeck_node_errors_total Failed node runs in the last hour, by node type.",
    "# TYPE flowdeck_node_errors_total gauge",
  );
  for (const [type, n] of Object.entries(m.nodeErrorsByType).sort())
    out.push(`flowdeck_node_errors_total{type="${label(type)}"} ${n}`);
  if (m.queueJobs) {
    out.push(
      "# HELP flowdeck_queue_jobs Jobs in the graphile-worker queue (PostgreSQL), by state.",
      "# TYPE flowdeck_queue_jobs gauge",
      `flowdeck_queue_jobs{state="waiting"} ${m.queueJobs.waiting}`,
      `flowdeck_queue_jobs{state="locked"} ${m.queueJobs.locked}`,
    );
  }
  return out.join("\n") + "\n";
}

/** A counter of this process, one sample per outcome. */
function renderCounter(name: string, help: string, byOutcome: Record<string, number>): string {
  const samples = Object.entries(byOutcome).map(([o, n]) => `${name}{outcome="${label(o)}"} ${n}`);
  return [`# HELP ${name} ${help}`, `# TYPE ${name} counter`, ...samples].join("\n") + "\n";
}

/** A gauge of this process. */
function renderGauge(name: string, help: string, value: number): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}\n`;
}

/** The text of GET /api/metrics. Admins only (customer tokens must not see workspace-wide numbers). */
export const getMetricsText = defineVerb(getMetricsTextInput, async ({ ctx, input }): Promise<string> => {
  if (ctx.principal.kind !== "admin") throw new AccessDeniedError("Metrics are for admins only");
  return (
    renderMetrics(await collectMetrics(ctx.db)) +
    renderCounter(
      "flowdeck_api_reads_total",
      "API reads of this process by outcome: reused while the database was unchanged, or computed.",
      { reused: input.apiReads.reused, computed: input.apiReads.computed },
    ) +
    renderCounter(
      "flowdeck_api_row_json_total",
      "Rows in computed API reads of this process by outcome: JSON reused for an unchanged row version, or built by the database.",
      { reused: input.apiReads.rows.reused, built: input.apiReads.rows.built },
    ) +
    renderCounter(
      "flowdeck_console_sign_ins_total",
      "Console sign-in attempts of this process by outcome (throttled: refused before the password was checked).",
      {
        succeeded: input.signIns.succeeded,
        failed: input.signIns.failed,
        throttled: input.signIns.throttled,
      },
    ) +
    renderCounter(
      "flowdeck_run_requests_total",
      "API run requests of this process by outcome (rejected: 429, the queued backlog was at its bound, flowdeck_run_backlog_bound).",
      { accepted: input.runIntake.accepted, rejected: input.runIntake.rejected },
    ) +
    renderGauge(
      "flowdeck_run_backlog_bound",
      "Queued runs past which this process answers run requests with 429 (RUN_BACKLOG_LIMIT, or RUN_BACKLOG_SECONDS of its measured capacity; 0: no bound).",
      input.runIntake.bound,
    )
  );
});
