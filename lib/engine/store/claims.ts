import { inArray, sql, and, eq, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/types";
import { flowRuns, nodeRuns, type FlowRunRow } from "../../db/schema";
import { namedRows } from "../../db/array-rows";
import { toFlowRunRow } from "../../db/run-inserts";
import { publishRunChanges } from "../changes";

// Claims: a queued run becomes `running` for one worker and attempt (the fence every later write of the
// attempt carries), and goes back to `queued` when a stopping worker hands it back.

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
