import { z } from "zod";

// The API's response bodies as JSON (what a client parses), defined once: lib/server/openapi.ts generates the
// document's response schemas from them, and tests/services/api-shapes.test.ts parses real responses with
// them. Field names follow the SDK's types (`@membranehq/sdk` FlowInstance, FlowRun, Flow, FlowNodeRunRecord);
// Flowdeck's extra fields (customerId, revision, lastRun, attempts …) are listed too. Objects are strict: a
// field the API adds, renames or drops without changing its shape here fails the conformance test.
// Server-only (zod): client components import types from lib/core/flow.ts, not this module.

const id = z.string().min(1);
const timestamp = z.iso.datetime({ offset: true });
const json = z.record(z.string(), z.unknown());

/** The SDK's `ErrorData` as Flowdeck writes it (node setup errors, run errors). */
export const errorDataShape = z.looseObject({
  type: z.string().optional(),
  key: z.string().optional(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** The error body of every 4xx/5xx answer (the SDK's `ErrorData`: `type` from its `ErrorType`). */
export const errorBodyShape = z.strictObject({
  type: z.string(),
  key: z.string().optional(),
  message: z.string(),
  data: z.unknown().optional(),
});

/** A list answer: `{items, cursor?}`; the next page is asked for with `cursor`. */
export const pageShape = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), cursor: z.string().min(1).optional() });

const nodeLinkShape = z.looseObject({
  key: z.string(),
  filter: z.unknown().optional(),
  name: z.string().optional(),
});

/** A flow's or an instance's node: the written definition (unknown fields kept) and what setup computes. */
export const flowNodeShape = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  config: json.optional(),
  links: z.array(nodeLinkShape).optional(),
  onError: z.enum(["stop", "continue"]).optional(),
  concurrency: z.number().int().optional(),
  customerConfigurable: z.boolean().optional(),
  userConfig: z.unknown().optional(),
  inputSchema: json.optional(),
  outputSchema: json.optional(),
  isCustomized: z.boolean().optional(),
  state: z.enum(["READY", "SETUP_FAILED"]).optional(),
  errors: z.array(errorDataShape).optional(),
});
const nodesShape = z.record(z.string(), flowNodeShape);
const elementState = z.enum(["READY", "SETUP_FAILED"]);

export const flowShape = z.strictObject({
  id,
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  integrationId: z.string().optional(),
  parametersSchema: json.optional(),
  nodes: nodesShape,
  revision: z.string(),
  state: elementState,
  errors: z.array(errorDataShape).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
  /** Flows listed with counts (the console's flow list). */
  instancesCount: z.number().int().optional(),
});

export const integrationShape = z.strictObject({
  id,
  key: z.string(),
  name: z.string(),
  baseUri: z.string(),
  logoUri: z.string().optional(),
  auth: z.strictObject({ type: z.string().optional() }),
  dataCollections: z.unknown(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
});

export const customerShape = z.strictObject({
  id,
  internalId: z.string(),
  name: z.string(),
  fields: z.unknown(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
});

export const connectionShape = z.strictObject({
  id,
  name: z.string(),
  userId: id,
  customerId: id,
  integrationId: id,
  disconnected: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
  webhookUri: z.string(),
  /** Only for an admin asking `includeSecrets=true`. */
  credentials: z.unknown().optional(),
});

// The objects a single instance or run read embeds (lib/services/flow-instances/embedded.ts).
const flowEmbedShape = z.strictObject({
  id,
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  integrationId: z.string().optional(),
  revision: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
});
const userEmbedShape = customerShape.omit({ updatedAt: true });
const connectionEmbedShape = connectionShape.omit({ customerId: true, webhookUri: true, credentials: true });
const integrationEmbedShape = integrationShape.omit({ baseUri: true, auth: true, dataCollections: true });

const runStateShape = z.enum(["queued", "running", "completed", "stopped", "failed"]);

/** An instance as lists show it (the SDK's FlowInstance; `flow` is `{id, key, name}`). */
export const flowInstanceShape = z.strictObject({
  id,
  flowId: id,
  connectionId: id,
  userId: id,
  customerId: id,
  integrationId: id,
  instanceKey: z.string().optional(),
  name: z.string(),
  parameters: json,
  parametersSchema: json.optional(),
  nodes: nodesShape,
  enabled: z.boolean(),
  isCustomized: z.boolean(),
  customized: z.strictObject({ name: z.boolean().optional(), nodes: z.boolean().optional() }),
  flowRevision: z.string(),
  outdated: z.boolean(),
  revision: z.number().int(),
  state: elementState,
  errors: z.array(errorDataShape).optional(),
  flow: z.strictObject({ id, key: z.string(), name: z.string() }),
  lastRun: z.strictObject({ id, state: runStateShape.nullable(), at: timestamp.nullable() }).optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  archivedAt: timestamp.optional(),
});

/** One instance read: the fuller `flow` and the embedded `user`, `connection`, `integration`. */
export const flowInstanceDetailShape = flowInstanceShape.extend({
  flow: flowEmbedShape,
  user: userEmbedShape.optional(),
  connection: connectionEmbedShape.optional(),
  integration: integrationEmbedShape.optional(),
});

/** The SDK's FlowRunNode: a node's state and counts in a run. */
export const flowRunNodeShape = z.strictObject({
  state: z.enum(["running", "completed", "stopped", "failed"]),
  runs: z.number().int().optional(),
  erroredRuns: z.number().int().optional(),
  outputs: z.number().int().optional(),
});

/** A run as lists show it (the SDK's FlowRun). */
export const flowRunShape = z.strictObject({
  id,
  flowInstanceId: id,
  connectionFlowId: id,
  flowId: id,
  connectionId: id,
  userId: id,
  customerId: id,
  integrationId: id,
  startNodeKey: z.string().optional(),
  input: z.unknown().optional(),
  state: runStateShape,
  launchedBy: z.strictObject({
    type: z.enum(["api-trigger", "schedule-trigger", "app-event-trigger"]),
    ids: z.array(z.string()).optional(),
  }),
  nodes: z.record(z.string(), flowRunNodeShape),
  errors: z.array(errorDataShape),
  attempts: z.number().int(),
  createdAt: timestamp,
  startTime: timestamp,
  endTime: timestamp.optional(),
  meta: json.optional(),
});

/** One run read: the embedded `flowInstance` (as lists show it), `connection`, `integration`, `user`. */
export const flowRunDetailShape = flowRunShape.extend({
  flowInstance: flowInstanceShape.optional(),
  connection: connectionEmbedShape.optional(),
  integration: integrationEmbedShape.optional(),
  user: userEmbedShape.optional(),
});

/** A node output (the SDK's FlowNodeRunOutput) with the node runs it fed. */
export const nodeOutputShape = z.strictObject({
  id,
  data: z.unknown(),
  downstreamRuns: z.array(z.strictObject({ runId: id, nodeKey: z.string() })),
});

/** A node run (the SDK's FlowNodeRunRecord). */
export const nodeRunShape = z.strictObject({
  id,
  flowRunId: id,
  nodeKey: z.string(),
  upstreamRuns: z.array(z.strictObject({ nodeKey: z.string(), runId: z.string(), outputId: z.string() })),
  input: z.unknown(),
  status: z.enum(["completed", "failed", "skipped"]),
  state: z.enum(["completed", "failed", "skipped"]),
  logs: z.array(z.unknown()),
  outputs: z.array(nodeOutputShape),
  outputsCount: z.number().int(),
  errors: z.array(errorDataShape),
  startTime: timestamp,
  endTime: timestamp,
  durationMs: z.number(),
});

/** The body `flow(x).apply(integrationKeys)` answers: the integrations' copies of the flow, in order. */
export const appliedFlowsShape = z.array(flowShape);

/** What delivering an app event started: one run per matching app-event trigger. */
export const appEventReceiptShape = z.strictObject({
  appEventKey: z.string(),
  runs: z.array(z.strictObject({ flowInstanceId: id, flowRunId: id })),
});

/** An audit log entry (who changed what; secrets recorded by key name only). */
export const auditEventShape = z.looseObject({
  id,
  actor: z.looseObject({ type: z.string() }),
  action: z.string(),
  targetType: z.string(),
  targetId: id,
  customerId: z.string().nullable(),
  diff: z.unknown(),
  createdAt: timestamp,
});

export const healthShape = z.looseObject({
  status: z.literal("ok"),
  database: z.literal("ok"),
  databaseKind: z.enum(["postgres", "pglite"]),
  queue: z.looseObject({ kind: z.string(), queuedRuns: z.number().int() }),
  worker: z.unknown(),
});
