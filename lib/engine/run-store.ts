import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import {
  connections,
  customers,
  flowInstances,
  flowRuns,
  integrations,
  nodeRuns,
  type FlowRunRow,
} from "../db/schema";
import { decryptJson } from "../auth/crypto";
import { recordLastRun } from "./last-run";
import { batcher } from "./batcher";
import { namedRows } from "../db/array-rows";
import { toFlowRunRow } from "../db/run-inserts";
import { publishRunChanges } from "./changes";

// Everything the engine reads and writes about a run. Writes that finish a run are fenced by
// (worker_id, attempts), so a worker that was presumed dead cannot overwrite a newer attempt.

export type Fence = { runId: string; workerId: string; attempt: number };

/** A claimed run, with a stamp of its context's versions (see loadRunContext's cache). */
export type ClaimedRun = FlowRunRow & { contextStamp?: string };

/**
 * The claim statement: `target` picks the rows to claim; returns them with a stamp of their context
 * (instance revision and the updated_at of instance, connection, integration and customer), so the
 * executor can reuse a decoded context without reading it again.
 */
async function claim(db: DbOrTx, workerId: string, target: SQL): Promise<ClaimedRun[]> {
  const res = await namedRows(
    db,
    sql`
    WITH c AS (
      UPDATE flow_runs
      SET state = 'running', worker_id = ${workerId}, heartbeat_at = now(), attempts = attempts + 1,
          start_time = coalesce(start_time, now()),
          -- a retried attempt starts from scratch (its progress too: see the node runs below)
          nodes = CASE WHEN attempts > 0 THEN '{}'::jsonb ELSE nodes END
      WHERE ${target}
      RETURNING *
    )
    SELECT c.*, concat_ws('|', fi.revision, fi.updated_at, co.updated_at, i.updated_at, cu.updated_at) AS context_stamp
    FROM c
    LEFT JOIN flow_instances fi ON fi.id = c.flow_instance_id
    LEFT JOIN connections co ON co.id = fi.connection_id
    LEFT JOIN integrations i ON i.id = fi.integration_id
    LEFT JOIN customers cu ON cu.id = fi.customer_id`,
  );
  const claimed = res.map((raw) => {
    const run: ClaimedRun = toFlowRunRow(raw);
    if (typeof raw.context_stamp === "string") run.contextStamp = raw.context_stamp;
    return run;
  });
  const retried = claimed.filter((r) => r.attempts > 1).map((r) => r.id);
  // A retried attempt starts from scratch: node runs of the dead attempt are discarded.
  if (retried.length) await db.delete(nodeRuns).where(inArray(nodeRuns.flowRunId, retried));
  publishRunChanges(claimed);
  return claimed;
}

/** Embedded mode: claims up to `limit` queued runs (FOR UPDATE SKIP LOCKED). */
export function claimRuns(db: DbOrTx, workerId: string, limit: number): Promise<ClaimedRun[]> {
  return claim(
    db,
    workerId,
    sql`id IN (SELECT id FROM flow_runs WHERE state = 'queued' ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
  );
}

/**
 * Claims the given runs if they are still queued (PostgreSQL: the runs of the `run_flow` jobs this
 * worker just received). A run that is no longer queued is left alone: its job was stale (the run
 * finished, was stopped, or another job of it was claimed first), and completes as a no-op.
 */
export function claimRunsById(db: DbOrTx, workerId: string, ids: string[]): Promise<ClaimedRun[]> {
  if (!ids.length) return Promise.resolve([]);
  // One text parameter, so the statement's text (and its cached plan) is the same for any number of ids.
  return claim(db, workerId, sql`id = ANY(string_to_array(${ids.join(",")}, ',')) AND state = 'queued'`);
}

/**
 * PostgreSQL: gives a fresh `run_flow` job to queued runs that have no job that will run — their job was
 * locked (fetched into a local queue, or started) by a worker that died more than `staleSeconds` ago
 * (graphile itself unlocks such jobs only after 4 hours), or it failed for good. Returns how many.
 */
export async function requeueJoblessRuns(db: DbOrTx, staleSeconds: number): Promise<number> {
  // A job carries one run (`runId`, a requeue) or the runs inserted together (`runIds`).
  const res = await db.execute(sql`
    WITH live AS (
      SELECT j.payload FROM graphile_worker._private_jobs j
      JOIN graphile_worker._private_tasks t ON t.id = j.task_id AND t.identifier = 'run_flow'
      WHERE j.attempts < j.max_attempts
        AND (j.locked_at IS NULL OR j.locked_at > now() - make_interval(secs => ${staleSeconds}))
    ),
    covered AS (
      SELECT payload->>'runId' AS id FROM live WHERE payload->>'runId' IS NOT NULL
      UNION ALL
      SELECT json_array_elements_text(payload->'runIds') FROM live WHERE json_typeof(payload->'runIds') = 'array'
    )
    SELECT graphile_worker.add_job('run_flow', json_build_object('runId', fr.id),
             job_key := 'run:' || fr.id, max_attempts := 25) AS job
    FROM flow_runs fr
    WHERE fr.state = 'queued' AND NOT EXISTS (SELECT 1 FROM covered c WHERE c.id = fr.id)`);
  return (res as unknown as { rows: unknown[] }).rows.length;
}

export type RunContext = {
  instance: typeof flowInstances.$inferSelect;
  connection: typeof connections.$inferSelect;
  integration: typeof integrations.$inferSelect;
  customer: typeof customers.$inferSelect;
  credentials: Record<string, unknown>;
};

// Decoded contexts by instance id, reused while the claim's stamp (versions of instance, connection,
// integration, customer) is unchanged, for at most CONTEXT_TTL_MS. Saves a 4-table read and a
// credentials decryption per run.
const CONTEXT_TTL_MS = 5_000;
const CONTEXT_MAX = 2_000;
const contexts = new Map<string, { stamp: string; at: number; ctx: RunContext }>();

export async function loadRunContext(db: DbOrTx, run: ClaimedRun): Promise<RunContext> {
  const cached = run.contextStamp ? contexts.get(run.flowInstanceId) : undefined;
  if (cached && cached.stamp === run.contextStamp && Date.now() - cached.at < CONTEXT_TTL_MS)
    return cached.ctx;
  const ctx = await readRunContext(db, run);
  if (run.contextStamp) {
    if (contexts.size >= CONTEXT_MAX) contexts.delete(contexts.keys().next().value!);
    contexts.set(run.flowInstanceId, { stamp: run.contextStamp, at: Date.now(), ctx });
  }
  return ctx;
}

// A named statement per handle (PostgreSQL plans the 4-table join once per connection, not per read).
const contextQueries = new WeakMap<object, ReturnType<typeof prepareContextQuery>>();
function prepareContextQuery(db: DbOrTx) {
  return db
    .select({
      instance: flowInstances,
      connection: connections,
      integration: integrations,
      customer: customers,
    })
    .from(flowInstances)
    .innerJoin(connections, eq(connections.id, flowInstances.connectionId))
    .innerJoin(integrations, eq(integrations.id, flowInstances.integrationId))
    .innerJoin(customers, eq(customers.id, flowInstances.customerId))
    .where(eq(flowInstances.id, sql.placeholder("id")))
    .limit(1)
    .prepare("flowdeck_read_run_context");
}

async function readRunContext(db: DbOrTx, run: FlowRunRow): Promise<RunContext> {
  let query = contextQueries.get(db);
  if (!query) contextQueries.set(db, (query = prepareContextQuery(db)));
  const [row] = await query.execute({ id: run.flowInstanceId });
  if (!row) throw new Error("Flow instance of this run no longer exists");
  let credentials: Record<string, unknown> = {};
  try {
    credentials = (decryptJson(row.connection.credentials) as Record<string, unknown>) ?? {};
  } catch {
    throw new Error("Connection credentials cannot be decrypted (was WORKSPACE_SECRET changed?)");
  }
  return { ...row, credentials };
}

export type NodeRunRecord = typeof nodeRuns.$inferInsert;

export async function insertNodeRun(db: DbOrTx, fence: Fence, rec: NodeRunRecord): Promise<boolean> {
  const res = await db.execute(sql`
    INSERT INTO node_runs (id, flow_run_id, node_key, upstream_runs, input, status, logs, outputs, errors, start_time, end_time)
    SELECT ${rec.id}, ${rec.flowRunId}, ${rec.nodeKey}, ${JSON.stringify(rec.upstreamRuns ?? [])}::jsonb,
           ${JSON.stringify(rec.input ?? null)}::jsonb, ${rec.status}, ${JSON.stringify(rec.logs ?? [])}::jsonb,
           ${JSON.stringify(rec.outputs ?? [])}::jsonb, ${JSON.stringify(rec.errors ?? [])}::jsonb, ${new Date(rec.startTime).toISOString()}, ${new Date(rec.endTime).toISOString()}
    WHERE EXISTS (SELECT 1 FROM flow_runs WHERE id = ${fence.runId} AND worker_id = ${fence.workerId}
                  AND attempts = ${fence.attempt} AND state = 'running')`);
  return (
    ((res as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ??
      (res as unknown as { rowCount?: number }).rowCount ??
      0) > 0
  );
}

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
 * Inserts several node runs in one statement, fenced like insertNodeRun: nothing is written, and false is
 * returned, when the attempt is no longer this worker's. FOR SHARE makes a concurrent sweep (which requeues
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
    const res = await db.execute(sql`
      INSERT INTO node_runs (${NODE_RUN_COLUMNS})
      SELECT ${NODE_RUN_VALUES} FROM (SELECT ${nodeRunsJson(recs)}::jsonb AS j) _nr, ${NODE_RUN_RECORDSET}
      WHERE EXISTS (SELECT 1 FROM flow_runs WHERE id = ${fence.runId} AND worker_id = ${fence.workerId}
                    AND attempts = ${fence.attempt} AND state = 'running' FOR SHARE)`);
    return (
      ((res as unknown as { affectedRows?: number; rowCount?: number }).affectedRows ??
        (res as unknown as { rowCount?: number }).rowCount ??
        0) > 0
    );
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

/** Maps a raw `flow_runs` row (snake_case, driver values) to the Drizzle row type. */

export type RunResult = {
  state: "completed" | "failed" | "stopped";
  nodes: Record<string, unknown>;
  errors: unknown[];
  output: unknown;
};
export type Finish = { fence: Fence; result: RunResult; pendingNodeRuns?: NodeRunRecord[] };

/**
 * Ends attempts in ONE statement, however many: for each, the fenced state change, the attempt's node
 * runs not yet written (`pendingNodeRuns`) and the instance's "last run" (same rule as recordLastRun in
 * last-run.ts; with several runs of one instance, the newest). Nothing is written for an attempt that is
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
    latest AS (
      SELECT DISTINCT ON (flow_instance_id) flow_instance_id, id, state FROM fin
      ORDER BY flow_instance_id, id DESC
    ),
    last AS (
      UPDATE flow_instances fi
      SET last_run_id = l.id, last_run_state = l.state, last_run_at = now()
      FROM latest l
      WHERE fi.id = l.flow_instance_id AND (fi.last_run_id IS NULL OR fi.last_run_id <= l.id)
    )
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

export async function saveProgress(db: DbOrTx, fence: Fence, nodes: Record<string, unknown>) {
  await db
    .update(flowRuns)
    .set({ nodes })
    .where(
      and(
        eq(flowRuns.id, fence.runId),
        eq(flowRuns.workerId, fence.workerId),
        eq(flowRuns.attempts, fence.attempt),
      ),
    );
}

/** Heartbeats this worker's runs and tells which of them were asked to stop (by any process). */
export async function heartbeat(db: DbOrTx, workerId: string, runIds: string[]): Promise<string[]> {
  if (!runIds.length) return [];
  const rows = await db
    .update(flowRuns)
    .set({ heartbeatAt: sql`now()` })
    .where(and(inArray(flowRuns.id, runIds), eq(flowRuns.workerId, workerId), eq(flowRuns.state, "running")))
    .returning({ id: flowRuns.id, stopRequested: flowRuns.stopRequested });
  return rows.filter((r) => r.stopRequested).map((r) => r.id);
}

/**
 * Runs whose worker stopped heartbeating go back to the queue, or fail after maxAttempts,
 * so no run stays `running` forever.
 */
export async function sweepStaleRuns(
  db: DbOrTx,
  staleSeconds: number,
  maxAttempts: number,
): Promise<{ requeued: number; failed: number }> {
  const stale = sql`${flowRuns.state} = 'running' AND ${flowRuns.heartbeatAt} < now() - make_interval(secs => ${staleSeconds})`;
  const failed = await db
    .update(flowRuns)
    .set({
      state: "failed",
      endTime: sql`now()`,
      errors: sql`jsonb_build_array(jsonb_build_object('type', 'flow_run', 'message', 'The worker running this flow stopped responding ' || ${flowRuns.attempts} || ' times; giving up.'))`,
    })
    .where(and(stale, sql`${flowRuns.attempts} >= ${maxAttempts}`))
    .returning();
  for (const r of failed) await recordLastRun(db, r);
  publishRunChanges(failed);
  const requeued = await db
    .update(flowRuns)
    .set({ state: "queued", workerId: null, heartbeatAt: null })
    .where(and(stale, sql`${flowRuns.attempts} < ${maxAttempts}`, sql`${flowRuns.stopRequested} = false`))
    .returning({
      id: flowRuns.id,
      customerId: flowRuns.customerId,
      flowInstanceId: flowRuns.flowInstanceId,
      state: flowRuns.state,
    });
  publishRunChanges(requeued);
  const stopped = await db
    .update(flowRuns)
    .set({ state: "stopped", endTime: sql`now()` })
    .where(and(stale, sql`${flowRuns.stopRequested} = true`))
    .returning();
  for (const r of stopped) await recordLastRun(db, r);
  publishRunChanges(stopped);
  return { requeued: requeued.length, failed: failed.length };
}

/** Requeues runs a gracefully stopping worker could not finish. */
export async function releaseRuns(db: DbOrTx, workerId: string, runIds: string[]) {
  if (!runIds.length) return;
  await db
    .update(flowRuns)
    .set({
      state: "queued",
      workerId: null,
      heartbeatAt: null,
      attempts: sql`greatest(${flowRuns.attempts} - 1, 0)`,
    })
    .where(and(inArray(flowRuns.id, runIds), eq(flowRuns.workerId, workerId), eq(flowRuns.state, "running")));
}

/**
 * Whether this process's WORKSPACE_SECRET opens the stored connection credentials (checked on one connection
 * that has some). A worker started with another secret would fail every run that needs credentials, so
 * `npm run worker` refuses to start instead. True when no connection has credentials yet.
 */
export async function credentialsKeyMatches(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ credentials: connections.credentials })
    .from(connections)
    .where(sql`${connections.credentials} IS NOT NULL`)
    .limit(1);
  if (!row) return true;
  try {
    decryptJson(row.credentials);
    return true;
  } catch {
    return false;
  }
}

/** How many runs wait for a worker (the API's backlog bound, backlog.ts). */
export async function countQueuedRuns(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(flowRuns)
    .where(eq(flowRuns.state, "queued"));
  return Number(row?.n ?? 0);
}
