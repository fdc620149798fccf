import { z } from "zod";
import { flowNodeSchema, normalizeNode } from "../../core/flow-node";
import { listQuery } from "../shared/pagination";

// The inputs of the flow-instance verbs, defined once: the REST routes parse their query and body with the
// same schemas, and every verb parses its whole input with its own (lib/services/shared/define-verb.ts).

const boolParam = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
  .transform((v) => v === true || v === "true" || v === "1");

export const selectorSchema = z.object({
  id: z.string().max(100).optional(),
  flowId: z.string().max(100).optional(),
  flowKey: z.string().max(200).optional(),
  connectionId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  instanceKey: z.string().max(200).optional(),
  /** The customer (id or internalId) whose connection an admin means by an integration key/id. */
  userId: z.string().max(200).optional(),
  /** After finding the instance, bring it to the flow's latest revision when it is outdated. */
  autoUpdate: boolParam.optional(),
  // The SDK's selector has these; Flowdeck has no connection keys and no parent instances (refused, named).
  connectionKey: z.string().max(200).optional(),
  parentKey: z.string().max(200).optional(),
  parentId: z.string().max(100).optional(),
});
export type InstanceSelector = z.infer<typeof selectorSchema>;

/**
 * Which instance a verb acts on: `id`, or a `selector` (resolved inside the verb's transaction; with
 * `autoCreate` a missing instance is created first, in that transaction).
 */
const targetShape = {
  id: z.string().optional(),
  selector: selectorSchema.optional(),
  autoCreate: z.boolean().optional(),
};
export type InstanceTarget = { id?: string; selector?: InstanceSelector; autoCreate?: boolean };
const hasTarget = (i: { id?: string; selector?: InstanceSelector }) =>
  i.id !== undefined || i.selector !== undefined;
const targetRequired = { message: "id or selector is required", path: ["selector"] };
const targeted = <T extends z.ZodRawShape>(shape: T) => z.object({ ...targetShape, ...shape });

export const customizedSchema = z.object({ name: z.boolean().optional(), nodes: z.boolean().optional() });

const nodeKey = z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "node keys: letters, digits, - and _");

export const createFlowInstanceBody = selectorSchema.omit({ id: true }).extend({
  name: z.string().min(1).max(500).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
  // Changes to the flow's nodes for this instance, merged per node key as a PATCH does.
  nodes: z.record(nodeKey, flowNodeSchema.partial().transform(normalizeNode)).optional(),
  customized: customizedSchema.optional(),
});
export type CreateFlowInstanceBody = z.infer<typeof createFlowInstanceBody>;
/** The create verb also sees an `id` (the selector route's query), to refuse it by name. */
export const createFlowInstanceInput = createFlowInstanceBody.extend({ id: z.string().optional() });

export const updateFlowInstanceBody = z.object({
  name: z.string().min(1).max(500).optional(),
  enabled: z.boolean().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  // PATCH merges per node key (null removes a node); PUT replaces the whole map.
  nodes: z.record(nodeKey, flowNodeSchema.partial().transform(normalizeNode).nullable()).optional(),
  customized: customizedSchema.optional(),
  // The SDK's way to archive (a time) or, with null, restore; see `updateFlowInstance`.
  archivedAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type UpdateFlowInstanceBody = z.infer<typeof updateFlowInstanceBody>;
export const updateFlowInstanceInput = targeted({
  body: updateFlowInstanceBody,
  /** PUT: the body replaces the instance's nodes instead of merging into them. */
  replace: z.boolean().optional(),
  /** The If-Match revision: a 409 when the instance has another. */
  ifMatch: z.number().optional(),
}).refine(hasTarget, targetRequired);

export const resetFlowInstanceBody = z
  .object({
    name: z.boolean().optional(),
    nodes: z.record(z.string(), z.boolean()).optional(),
    allNodes: z.boolean().optional(),
  })
  .optional();
export const resetFlowInstanceInput = targeted({ options: resetFlowInstanceBody }).refine(
  hasTarget,
  targetRequired,
);

export const setupFlowInstanceInput = targeted({}).refine(hasTarget, targetRequired);
export const updateFlowInstanceToLatestInput = targeted({}).refine(hasTarget, targetRequired);
export const archiveFlowInstanceInput = targeted({
  restore: z.boolean().optional(),
  /** The archive time (the SDK's `archivedAt`); now when not given. */
  at: z.date().optional(),
});

export const getFlowInstanceInput = z.object({
  selector: selectorSchema,
  autoCreate: z.boolean().optional(),
});
export const restoreFlowInstanceInput = z.object({ selector: selectorSchema });

export const saveNodeConfigInput = z.object({ id: z.string(), nodeKey: z.string(), config: z.unknown() });
export const saveCustomerConfigurationInput = z.object({ id: z.string(), configuration: z.unknown() });

/** A strict boolean query parameter (`true`/`false`) that a parsed boolean passes again (verbs re-parse their input). */
const bool = z.union([z.boolean(), z.enum(["true", "false"])]).transform((v) => v === true || v === "true");

export const listFlowInstancesQuery = listQuery.extend({
  flowId: z.string().max(100).optional(),
  flowKey: z.string().max(200).optional(),
  connectionId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  userId: z.string().max(100).optional(),
  customerId: z.string().max(100).optional(),
  instanceKey: z.string().max(200).optional(),
  enabled: bool.optional(),
  isCustomized: bool.optional(),
  outdated: bool.optional(),
  archived: bool.optional(),
  lastRunState: z.enum(["queued", "running", "completed", "stopped", "failed", "none"]).optional(),
});
export type ListFlowInstancesQuery = z.infer<typeof listFlowInstancesQuery>;
