import {
  coalesce,
  col,
  differs,
  embed,
  nonEmpty,
  object,
  opt,
  time,
  typed,
  when,
  type FieldTable,
} from "./api-fields";
import type { FlowNodes } from "./flow";

// The hot API objects as field tables (lib/core/api-fields.ts): each is defined here once, and both the
// object mappers (`toApi`) and the SQL that has the database write the JSON (`jsonProjection`) derive from
// it. The response shapes a client parses are in api-shapes.ts. Row fields are the camelCase names of the
// rows the reads select (lib/db/schema.ts; an instance row carries its flow's fields, see `instanceColumns`).

/** The `flow` of a single instance read (from a `flows` row). */
export const flowEmbedTable = {
  id: col("id"),
  key: col("key"),
  name: col("name"),
  description: opt(col("description")),
  integrationId: opt(col("integrationId")),
  revision: col("revision"),
  createdAt: time("createdAt"),
  updatedAt: time("updatedAt"),
  archivedAt: opt(time("archivedAt")),
} satisfies FieldTable;

/** The `user` of a single instance or run read (from a `customers` row). */
export const userEmbedTable = {
  id: col("id"),
  internalId: col("internalId"),
  name: col("name"),
  fields: col("fields"),
  createdAt: time("createdAt"),
  archivedAt: opt(time("archivedAt")),
} satisfies FieldTable;

/** The `connection` of a single instance or run read (from a `connections` row): never its credentials. */
export const connectionEmbedTable = {
  id: col("id"),
  name: col("name"),
  userId: col("customerId"),
  integrationId: col("integrationId"),
  disconnected: col("disconnected"),
  createdAt: time("createdAt"),
  updatedAt: time("updatedAt"),
  archivedAt: opt(time("archivedAt")),
} satisfies FieldTable;

/** The `integration` of a single instance or run read (from an `integrations` row). */
export const integrationEmbedTable = {
  id: col("id"),
  key: col("key"),
  name: col("name"),
  logoUri: opt(col("logoUri")),
  createdAt: time("createdAt"),
  updatedAt: time("updatedAt"),
  archivedAt: opt(time("archivedAt")),
} satisfies FieldTable;

/** An instance as lists show it (a `flow_instances` row with its flow's fields; `flow` is `{id, key, name}`). */
export const instanceTable = {
  id: col("id"),
  flowId: col("flowId"),
  connectionId: col("connectionId"),
  userId: col("customerId"),
  customerId: col("customerId"),
  integrationId: col("integrationId"),
  instanceKey: nonEmpty("instanceKey"),
  name: col("name"),
  parameters: col("parameters"),
  // The flow's: the schema `parameters` are validated against (a UI builds the parameters form from it).
  parametersSchema: opt(col("parametersSchema")),
  nodes: col("nodes", typed<FlowNodes>()),
  enabled: col("enabled"),
  isCustomized: col("isCustomized"),
  customized: col("customized"),
  flowRevision: col("flowRevision"),
  outdated: differs("flowRevision", "latestFlowRevision"),
  revision: col("revision"),
  state: col("state"),
  errors: opt(col("errors")),
  flow: object({ id: col("flowId"), key: col("flowKey"), name: col("flowName") }),
  lastRun: when(
    "lastRunId",
    object({ id: col("lastRunId"), state: col("lastRunState"), at: time("lastRunAt") }),
  ),
  createdAt: time("createdAt"),
  updatedAt: time("updatedAt"),
  archivedAt: opt(time("archivedAt")),
} satisfies FieldTable;

/**
 * A single instance read: the fuller `flow` (in its place) and the embedded `user`, `connection`,
 * `integration` (each left out when its row is gone).
 */
export const instanceDetailTable = {
  ...instanceTable,
  flow: embed("flow", flowEmbedTable),
  user: embed("user", userEmbedTable),
  connection: embed("connection", connectionEmbedTable),
  integration: embed("integration", integrationEmbedTable),
} satisfies FieldTable;

/** A run as lists show it (a `flow_runs` row). */
export const runTable = {
  id: col("id"),
  flowInstanceId: col("flowInstanceId"),
  connectionFlowId: col("flowInstanceId"),
  flowId: col("flowId"),
  connectionId: col("connectionId"),
  userId: col("customerId"),
  customerId: col("customerId"),
  integrationId: col("integrationId"),
  startNodeKey: opt(col("startNodeKey")),
  input: opt(col("input")),
  state: col("state"),
  launchedBy: col("launchedBy"),
  nodes: col("nodes"),
  errors: col("errors"),
  attempts: col("attempts"),
  createdAt: time("createdAt"),
  startTime: coalesce(time("startTime"), time("createdAt")),
  endTime: opt(time("endTime")),
  meta: opt(col("meta")),
} satisfies FieldTable;

/** A single run read: the embedded `flowInstance` (as lists show it), `connection`, `integration`, `user`. */
export const runDetailTable = {
  ...runTable,
  flowInstance: embed("flowInstance", instanceTable),
  connection: embed("connection", connectionEmbedTable),
  integration: embed("integration", integrationEmbedTable),
  user: embed("user", userEmbedTable),
} satisfies FieldTable;
