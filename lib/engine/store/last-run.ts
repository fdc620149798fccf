import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../db/types";
import type { FlowRunRow } from "../../db/schema";

/**
 * The "last run" rule, defined once: an instance shows its newest run (by id, which sorts by creation)
 * and that run's state, so an older run ending late never hides a newer one. `from` is a relation with
 * the columns flow_instance_id, id and state (finished runs); with several runs of one instance, the
 * newest counts. The statement is an UPDATE usable as a CTE.
 */
export function setLastRun(from: SQL): SQL {
  return sql`UPDATE flow_instances fi
      SET last_run_id = l.id, last_run_state = l.state, last_run_at = now()
      FROM (SELECT DISTINCT ON (flow_instance_id) flow_instance_id, id, state FROM ${from}
            ORDER BY flow_instance_id, id DESC) l
      WHERE fi.id = l.flow_instance_id AND (fi.last_run_id IS NULL OR fi.last_run_id <= l.id)`;
}

/** Records runs that ended outside finishRuns (a stop, the sweeper) as their instances' last run. */
export async function recordLastRuns(
  db: DbOrTx,
  runs: Pick<FlowRunRow, "id" | "flowInstanceId" | "state">[],
): Promise<void> {
  if (!runs.length) return;
  const json = JSON.stringify(
    runs.map((r) => ({ id: r.id, flow_instance_id: r.flowInstanceId, state: r.state })),
  );
  await db.execute(
    sql`WITH r AS (SELECT * FROM jsonb_to_recordset(${json}::jsonb) AS r(id text, flow_instance_id text, state text))
        ${setLastRun(sql`r`)}`,
  );
}
