import { sql } from "drizzle-orm";
import { affected, type DbOrTx } from "../../db/types";
import type { FlowRunRow, nodeRuns } from "../../db/schema";
import { namedRows } from "../../db/array-rows";
import { toFlowRunRow } from "../../db/run-inserts";
import { batcher } from "../batcher";
import { publishRunChanges } from "../changes";
import type { Fence } from "./claims";
import { setLastRun } from "./last-run";

// The writes of an attempt: its node runs (in batches, with the run's progress) and its end (final state,
// the node runs not yet written and the instance's last run, in one statement). All fenced by
// (run id, worker id, attempt, state running): a worker presumed dead writes nothing.

export type NodeRunRecord = typeof nodeRuns.$inferInsert;

/** The JSON of node-run records for `jsonb_to_recordset` (one parameter, however many rows). */
function nodeRunsJson(recs: NodeRunRecord[]): string {
  return JSON.stringify(
    recs.map((r) => ({
      id: r.id,
      flow_run_id: r.flowRunId,
      node_key: r.nodeKey,
      upstream_runs: r.upstreamRuns ?? [],
      input: r.input ?? null,
      status: r.status,
      logs: r.logs ?? [],
      outputs: r.outputs ?? [],
      errors: r.errors ?? [],
      start_time: new Date(r.startTime).toISOString(),
      end_time: new Date(r.endTime).toISOString(),
    })),
  );
}

const NODE_RUN_RECORDSET = sql.raw(`jsonb_to_recordset(_nr.j) AS x(id text, flow_run_id text, node_key text,
  upstream_runs jsonb, input jsonb, status text, logs jsonb, outputs jsonb, errors jsonb,
  start_time timestamptz, end_time timestamptz)`);
const NODE_RUN_COLUMNS = sql.raw(
  "id, flow_run_id, node_key, upstream_runs, input, status, logs, outputs, errors, start_time, end_time",
);
const NODE_RUN_VALUES = sql.raw(
  "x.id, x.flow_run_id, x.node_key, x.upstream_runs, coalesce(x.input, 'null'::jsonb), x.status, x.logs, x.outputs, x.errors, x.start_time, x.end_time",
);

/**
 * Inserts several node runs in one statement, fenced: nothing is written, and false is returned, when the
 * attempt is no longer this worker's. FOR SHARE makes a concurrent sweep (which requeues
 * the run, after which a new claim deletes the old attempt's node runs) wait for this insert or make it
 * see the new state, so no node run of a dead attempt survives.
 *
 * With `progress`, the same statement also sets the run's `nodes` (node states and counts so far), fenced
 * the same way (its UPDATE locks the row, which serves as the FOR SHARE).
 */
export async function insertNodeRuns(
  db: DbOrTx,
  fence: Fence,
  recs: NodeRunRecord[],
  progress?: Record<string, unknown>,
): Promise<boolean> {
  if (!progress) {
    if (!recs.length) return true;
    const n = await affected(
      db,
      sql`
      INSERT INTO node_runs (${NODE_RUN_COLUMNS})
      SELECT ${NODE_RUN_VALUES} FROM (SELECT ${nodeRunsJson(recs)}::jsonb AS j) _nr, ${NODE_RUN_RECORDSET}
      WHERE EXISTS (SELECT 1 FROM flow_runs WHERE id = ${fence.runId} AND worker_id = ${fence.workerId}
                    AND attempts = ${fence.attempt} AND state = 'running' FOR SHARE)`,
    );
    return n > 0;
  }
  const rows = await namedRows(
    db,
    sql`
    WITH p AS (
      UPDATE flow_runs SET nodes = ${JSON.stringify(progress)}::jsonb
      WHERE id = ${fence.runId} AND worker_id = ${fence.workerId} AND attempts = ${fence.attempt}
        AND state = 'running'
      RETURNING id, customer_id, flow_instance_id
    ),
    ins AS (
      INSERT INTO node_runs (${NODE_RUN_COLUMNS})
      SELECT ${NODE_RUN_VALUES} FROM (SELECT ${nodeRunsJson(recs)}::jsonb AS j) _nr, ${NODE_RUN_RECORDSET}
      WHERE EXISTS (SELECT 1 FROM p)
    )
    SELECT customer_id, flow_instance_id FROM p`,
  );
  const owned = rows[0];
  if (owned)
    publishRunChanges([
      {
        id: fence.runId,
        customerId: String(owned.customer_id),
        flowInstanceId: String(owned.flow_instance_id),
        state: "running",
        nodes: progress,
      },
    ]);
  return owned !== undefined;
}

export type RunResult = {
  state: "completed" | "failed" | "stopped";
  nodes: Record<string, unknown>;
  errors: unknown[];
  output: unknown;
};
export type Finish = { fence: Fence; result: RunResult; pendingNodeRuns?: NodeRunRecord[] };

/**
 * Ends attempts in ONE statement, however many: for each, the fenced state change, the attempt's node
 * runs not yet written (`pendingNodeRuns`) and the instance's "last run" (setLastRun, last-run.ts). Nothing is written for an attempt that is
 * no longer its worker's; its slot in the result is undefined.
 */
export async function finishRuns(db: DbOrTx, finishes: Finish[]): Promise<(FlowRunRow | undefined)[]> {
  if (!finishes.length) return [];
  const input = JSON.stringify(
    finishes.map(({ fence, result }) => ({
      id: fence.runId,
      worker_id: fence.workerId,
      attempt: fence.attempt,
      state: result.state,
      nodes: result.nodes,
      errors: result.errors,
      output: result.output === undefined ? null : result.output,
    })),
  );
  const ids = finishes.map((f) => f.fence.runId).join(",");
  const res = await namedRows(
    db,
    sql`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb)
        AS x(id text, worker_id text, attempt int, state text, nodes jsonb, errors jsonb, output jsonb)
    ),
    fin AS (
      UPDATE flow_runs fr
      SET state = x.state, nodes = x.nodes, errors = x.errors,
          output = CASE WHEN jsonb_typeof(x.output) = 'null' THEN NULL ELSE x.output END,
          end_time = now(), heartbeat_at = NULL
      FROM x
      WHERE fr.id = ANY(string_to_array(${ids}, ',')) -- the primary key, whatever the planner thinks of x
        AND fr.id = x.id AND fr.worker_id = x.worker_id AND fr.attempts = x.attempt AND fr.state = 'running'
      RETURNING fr.*
    ),
    nr AS (
      INSERT INTO node_runs (${NODE_RUN_COLUMNS})
      SELECT ${NODE_RUN_VALUES} FROM (SELECT ${nodeRunsJson(finishes.flatMap((f) => f.pendingNodeRuns ?? []))}::jsonb AS j) _nr, ${NODE_RUN_RECORDSET}
      WHERE x.flow_run_id IN (SELECT id FROM fin)
    ),
    last AS (${setLastRun(sql`fin`)})
    SELECT * FROM fin`,
  );
  const byId = new Map(res.map((raw) => [raw.id as string, toFlowRunRow(raw)]));
  publishRunChanges([...byId.values()]);
  return finishes.map((f) => byId.get(f.fence.runId));
}

/** finishRuns for one attempt. */
export async function finishRun(
  db: DbOrTx,
  fence: Fence,
  result: RunResult,
  pendingNodeRuns: NodeRunRecord[] = [],
): Promise<FlowRunRow | undefined> {
  return (await finishRuns(db, [{ fence, result, pendingNodeRuns }]))[0];
}

// Finishes share statements and commits (see batcher.ts): one batcher per database handle.
const finishers = new WeakMap<object, (f: Finish) => Promise<FlowRunRow | undefined>>();

/** finishRun, batched with the other finishes of this process on the same handle (see finishRuns). */
export function finishRunBatched(
  db: DbOrTx,
  fence: Fence,
  result: RunResult,
  pendingNodeRuns: NodeRunRecord[] = [],
): Promise<FlowRunRow | undefined> {
  let finish = finishers.get(db);
  if (!finish)
    finishers.set(db, (finish = batcher("finish", (items: Finish[]) => finishRuns(db, items), 100)));
  return finish({ fence, result, pendingNodeRuns });
}
