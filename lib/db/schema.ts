import { sql } from "drizzle-orm";
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * jsonb without drizzle's second JSON.parse: both drivers (pg, PGlite) already return jsonb parsed, and
 * drizzle's own jsonb parsed string values again, so a stored JSON string such as "123" or "{}" came back
 * as a number or an object.
 */
const jsonb = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => "jsonb",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

/**
 * json (text as written) for documents authors write — a flow's parametersSchema and nodes, an instance's
 * nodes — whose key order is what forms follow: jsonb reorders object keys (shorter first), so a schema
 * written firstName, lastName, email came back email, lastName, firstName. Both drivers parse json too.
 * json has no equality operator: no `=`, DISTINCT, GROUP BY or jsonb operators on these columns.
 */
const json = customType<{ data: unknown; driverData: unknown }>({
  dataType: () => "json",
  toDriver: (value) => JSON.stringify(value),
  fromDriver: (value) => value,
});

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const integrations = pgTable("integrations", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  baseUri: text("base_uri").notNull().default(""),
  auth: jsonb("auth").$type<Record<string, unknown>>().notNull().default({}),
  dataCollections: jsonb("data_collections").$type<Record<string, unknown>>().notNull().default({}),
  logoUri: text("logo_uri"),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  archivedAt: ts("archived_at"),
});

export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    internalId: text("internal_id").notNull().unique(),
    name: text("name").notNull(),
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    archivedAt: ts("archived_at"),
  },
  (t) => [index("customers_name_idx").on(t.name)],
);

export const connections = pgTable(
  "connections",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    integrationId: text("integration_id")
      .notNull()
      .references(() => integrations.id),
    credentials: text("credentials"),
    disconnected: boolean("disconnected").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    archivedAt: ts("archived_at"),
  },
  (t) => [
    index("connections_customer_idx").on(t.customerId, t.id),
    index("connections_integration_idx").on(t.integrationId, t.id),
  ],
);

export const flows = pgTable("flows", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  integrationId: text("integration_id").references(() => integrations.id),
  parametersSchema: json("parameters_schema").$type<Record<string, unknown>>(),
  nodes: json("nodes").$type<Record<string, unknown>>().notNull().default({}),
  revision: text("revision").notNull(),
  createdAt: ts("created_at").notNull().defaultNow(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  archivedAt: ts("archived_at"),
});

export const flowInstances = pgTable(
  "flow_instances",
  {
    id: text("id").primaryKey(),
    flowId: text("flow_id")
      .notNull()
      .references(() => flows.id),
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.id),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id),
    integrationId: text("integration_id")
      .notNull()
      .references(() => integrations.id),
    // '' instead of NULL so the unique index also covers instances without a key.
    instanceKey: text("instance_key").notNull().default(""),
    name: text("name").notNull(),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull().default({}),
    nodes: json("nodes").$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    isCustomized: boolean("is_customized").notNull().default(false),
    customized: jsonb("customized").$type<Record<string, unknown>>().notNull().default({}),
    flowRevision: text("flow_revision").notNull(),
    revision: integer("revision").notNull().default(1),
    state: text("state").notNull().default("READY"),
    errors: jsonb("errors").$type<unknown[]>(),
    lastRunId: text("last_run_id"),
    lastRunState: text("last_run_state"),
    lastRunAt: ts("last_run_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    archivedAt: ts("archived_at"),
  },
  (t) => [
    // Live instances only: an archived one keeps its selector, and `autoCreate` then makes a new one.
    uniqueIndex("flow_instances_selector_uq")
      .on(t.flowId, t.connectionId, t.instanceKey)
      .where(sql`archived_at IS NULL`),
    index("flow_instances_customer_idx").on(t.customerId, t.id),
    index("flow_instances_connection_idx").on(t.connectionId, t.id),
    index("flow_instances_flow_idx").on(t.flowId, t.id),
    index("flow_instances_integration_idx").on(t.integrationId, t.id),
    index("flow_instances_active_idx")
      .on(t.id)
      .where(sql`archived_at IS NULL`),
    // The scheduler's query (lib/services/flow-runs/fire-schedules.ts) has exactly this WHERE; without it every tick scans
    // every instance's nodes (≈ 300 ms at 100k instances, blocking PGlite's single session).
    index("flow_instances_schedule_idx")
      .on(t.id)
      .where(sql`enabled AND archived_at IS NULL AND nodes::text LIKE '%"schedule-trigger"%'`),
  ],
);

export const flowRuns = pgTable(
  "flow_runs",
  {
    id: text("id").primaryKey(),
    flowInstanceId: text("flow_instance_id")
      .notNull()
      .references(() => flowInstances.id),
    flowId: text("flow_id").notNull(),
    connectionId: text("connection_id").notNull(),
    customerId: text("customer_id").notNull(),
    integrationId: text("integration_id").notNull(),
    startNodeKey: text("start_node_key"),
    input: jsonb("input"),
    state: text("state").notNull().default("queued"),
    launchedBy: jsonb("launched_by")
      .$type<Record<string, unknown>>()
      .notNull()
      .default({ type: "api-trigger" }),
    nodes: jsonb("nodes").$type<Record<string, unknown>>().notNull().default({}),
    errors: jsonb("errors").$type<unknown[]>().notNull().default([]),
    output: jsonb("output"),
    attempts: integer("attempts").notNull().default(0),
    workerId: text("worker_id"),
    heartbeatAt: ts("heartbeat_at"),
    stopRequested: boolean("stop_requested").notNull().default(false),
    dedupeKey: text("dedupe_key"),
    /** The SDK's run `meta`: the caller's key-value data, stored and returned as given. */
    meta: jsonb("meta").$type<Record<string, unknown>>(),
    createdAt: ts("created_at").notNull().defaultNow(),
    startTime: ts("start_time"),
    endTime: ts("end_time"),
  },
  (t) => [
    index("flow_runs_instance_idx").on(t.flowInstanceId, t.id),
    index("flow_runs_customer_idx").on(t.customerId, t.id),
    index("flow_runs_flow_idx").on(t.flowId, t.id),
    index("flow_runs_connection_idx").on(t.connectionId, t.id),
    index("flow_runs_state_idx").on(t.state, t.id),
    index("flow_runs_running_idx")
      .on(t.heartbeatAt)
      .where(sql`state = 'running'`),
    // GET /api/metrics: runs that ended in the last hour (duration histogram). Partial, like the dedupe key
    // index: queued and running runs add no entry (every index entry is written again by the claim's and
    // the finish's updates, which cannot be HOT as they change `state`).
    index("flow_runs_end_time_idx")
      .on(t.endTime)
      .where(sql`end_time IS NOT NULL`),
    // Scheduled ticks: one run per instance, trigger and minute (ON CONFLICT DO NOTHING).
    uniqueIndex("flow_runs_dedupe_key_idx")
      .on(t.dedupeKey)
      .where(sql`dedupe_key IS NOT NULL`),
  ],
);

export const nodeRuns = pgTable(
  "node_runs",
  {
    id: text("id").primaryKey(),
    flowRunId: text("flow_run_id")
      .notNull()
      .references(() => flowRuns.id, { onDelete: "cascade" }),
    nodeKey: text("node_key").notNull(),
    // {nodeKey, runId, outputId} (the SDK's UpstreamFlowNodeRun); node runs written before 0005: run ids.
    upstreamRuns: jsonb("upstream_runs")
      .$type<({ nodeKey: string; runId: string; outputId: string } | string)[]>()
      .notNull()
      .default([]),
    input: jsonb("input"),
    status: text("status").notNull(),
    logs: jsonb("logs").$type<unknown[]>().notNull().default([]),
    outputs: jsonb("outputs").$type<{ id: string; data: unknown }[]>().notNull().default([]),
    errors: jsonb("errors").$type<unknown[]>().notNull().default([]),
    startTime: ts("start_time").notNull(),
    endTime: ts("end_time").notNull(),
  },
  (t) => [
    index("node_runs_run_node_idx").on(t.flowRunId, t.nodeKey, t.id),
    // GET /api/metrics: failed node runs of the last hour, by type.
    index("node_runs_failed_end_time_idx")
      .on(t.endTime)
      .where(sql`status = 'failed'`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    actor: jsonb("actor").$type<Record<string, unknown>>().notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    customerId: text("customer_id"),
    diff: jsonb("diff"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("audit_events_target_idx").on(t.targetId, t.id)],
);

/** Console sessions ended by sign-out before their expiry (sessions are stateless signed cookies). */
export const consoleSessionRevocations = pgTable("console_session_revocations", {
  sid: text("sid").primaryKey(),
  expiresAt: ts("expires_at").notNull(),
});

export type IntegrationRow = typeof integrations.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type ConnectionRow = typeof connections.$inferSelect;
export type FlowRow = typeof flows.$inferSelect;
export type FlowInstanceRow = typeof flowInstances.$inferSelect;
export type FlowRunRow = typeof flowRuns.$inferSelect;
export type NodeRunRow = typeof nodeRuns.$inferSelect;
