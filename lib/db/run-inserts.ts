import { getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "./client";
import { flowRuns, type FlowInstanceRow, type FlowRunRow } from "./schema";
import { namedRows } from "./array-rows";

// The statements of createFlowRun's group commit (lib/services/flow-runs/create-flow-run.ts): one read of
// the instances of a batch of run requests, and one statement that inserts the runs and their audit events
// (a single statement is atomic on its own: no BEGIN/COMMIT round trips). Lists travel as one parameter, so
// the text is fixed and PostgreSQL plans each statement once per connection.

/** A raw flow_runs row (snake_case columns, as RETURNING * gives it) as drizzle would map it. */
export function toFlowRunRow(raw: Record<string, unknown>): FlowRunRow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(flowRuns))) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined || v instanceof Date ? (v ?? null) : col.mapFromDriverValue(v);
  }
  return out as FlowRunRow;
}

export type InstanceForRun = Pick<
  FlowInstanceRow,
  "id" | "flowId" | "connectionId" | "customerId" | "integrationId" | "nodes" | "archivedAt"
>;

/** The fields a run needs of each instance (ids are checked by the caller). */
export async function selectInstancesForRuns(db: DbOrTx, ids: string[]): Promise<InstanceForRun[]> {
  if (!ids.length) return [];
  const found = await namedRows(
    db,
    sql`SELECT id, flow_id, connection_id, customer_id, integration_id, nodes, archived_at
        FROM flow_instances WHERE id = ANY(string_to_array(${ids.join(",")}, ','))`,
  );
  return found.map((r) => ({
    id: r.id as string,
    flowId: r.flow_id as string,
    connectionId: r.connection_id as string,
    customerId: r.customer_id as string,
    integrationId: r.integration_id as string,
    nodes: r.nodes as Record<string, unknown>,
    archivedAt: r.archived_at === null ? null : new Date(r.archived_at as string),
  }));
}

export type NewRun = {
  id: string;
  flowInstanceId: string;
  flowId: string;
  connectionId: string;
  customerId: string;
  integrationId: string;
  startNodeKey: string;
  input: unknown;
  launchedBy: unknown;
  dedupeKey?: string;
  meta?: Record<string, unknown>;
};
export type NewAuditEvent = {
  id: string;
  actor: unknown;
  action: string;
  targetType: string;
  targetId: string;
  customerId: string | null;
  diff: unknown;
};

/** A row for jsonb_to_recordset: column names in snake_case, undefined as null. */
const snakeCase = (row: object) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), v ?? null]),
  );

/**
 * Inserts runs (a run whose dedupe key is taken is skipped) and, for the runs inserted, their audit events
 * (`targetId` = the run's id), in one statement. Returns the inserted runs.
 */
export async function insertRunsWithAudit(
  db: DbOrTx,
  runs: NewRun[],
  audits: NewAuditEvent[],
): Promise<FlowRunRow[]> {
  if (!runs.length) return [];
  const runJson = JSON.stringify(runs.map(snakeCase));
  const auditJson = JSON.stringify(audits.map(snakeCase));
  const inserted = await namedRows(
    db,
    sql`WITH r AS (
          INSERT INTO flow_runs (id, flow_instance_id, flow_id, connection_id, customer_id, integration_id,
                                 start_node_key, input, launched_by, dedupe_key, meta)
          SELECT id, flow_instance_id, flow_id, connection_id, customer_id, integration_id, start_node_key,
                 input, launched_by, dedupe_key, meta
          FROM jsonb_to_recordset(${runJson}::jsonb) AS x(id text, flow_instance_id text, flow_id text,
            connection_id text, customer_id text, integration_id text, start_node_key text, input jsonb,
            launched_by jsonb, dedupe_key text, meta jsonb)
          ON CONFLICT DO NOTHING
          RETURNING *
        ), a AS (
          INSERT INTO audit_events (id, actor, action, target_type, target_id, customer_id, diff)
          SELECT x.id, x.actor, x.action, x.target_type, x.target_id, x.customer_id, x.diff
          FROM jsonb_to_recordset(${auditJson}::jsonb) AS x(id text, actor jsonb, action text, target_type text,
            target_id text, customer_id text, diff jsonb)
          WHERE x.target_id IN (SELECT id FROM r)
        )
        SELECT * FROM r`,
  );
  return inserted.map(toFlowRunRow);
}
