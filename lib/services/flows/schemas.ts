import { z } from "zod";
import { listQuery } from "../shared/pagination";
import { flowNodesSchema } from "../../core/flow-node";

// The inputs of the flow verbs, defined once: the REST routes parse their bodies with the same schemas, and
// every verb parses its whole input with its own (lib/services/shared/define-verb.ts). The node shape is the
// shared contract of lib/core/flow-node.ts.

const flowKey = z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "letters, digits, - and _ only");
const flowFields = {
  name: z.string().min(1).max(500),
  description: z.string().max(5000).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(100).optional(),
  parametersSchema: z.record(z.string(), z.unknown()).optional(),
};

// `key` and `name` are optional in the SDK's CreateFlowRequest: a missing key is made from the name, a
// missing name is the key; one of them is required.
export const createFlowFields = z.object({
  key: flowKey.optional(),
  ...flowFields,
  name: flowFields.name.optional(),
  nodes: flowNodesSchema.optional(),
});
/** The create body rule on top of its fields (also for bodies built from `createFlowFields`). */
export const requireKeyOrName = <T extends z.ZodType<{ key?: string; name?: string }>>(schema: T) =>
  schema.refine((b) => b.key !== undefined || b.name !== undefined, {
    message: "key or name is required",
    path: ["name"],
  });
export const createFlowBody = requireKeyOrName(createFlowFields);

// PATCH and PUT (the SDK's UpdateFlowRequest is all-optional for both) change only the fields they carry:
// no default here, so a body without `nodes` leaves the flow's nodes alone.
export const patchFlowBody = z.object({ key: flowKey, ...flowFields, nodes: flowNodesSchema }).partial();
export type PatchFlowBody = z.infer<typeof patchFlowBody>;

/** `selector`: the flow's id or key. */
export const patchFlowInput = z.object({ selector: z.string(), body: patchFlowBody });
export const archiveFlowInput = z.object({ selector: z.string(), restore: z.boolean().optional() });

// FindFlowsQuery fields not named here (layer, universal/tenant/external-app ids…) are refused with 400 by
// the route (no such concepts in Flowdeck): never silently unfiltered.
export const listFlowsQuery = listQuery.extend({
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
  flowId: z.string().max(100).optional(),
  /** Flows an instance can be made of with this connection: its integration's, and flows of no integration. */
  connectionId: z.string().max(100).optional(),
  /** Flows usable with any live connection of this customer (id or internalId), as for `connectionId`. */
  userId: z.string().max(200).optional(),
});
export const getFlowInput = z.object({ selector: z.string() });

/** The SDK's flow selector (`/flow?<selector>`): a flow by id or key, optionally only of one integration. */
export const flowSelectorQuery = z.object({
  id: z.string().max(100).optional(),
  key: z.string().max(200).optional(),
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(200).optional(),
});
export type FlowSelectorQuery = z.infer<typeof flowSelectorQuery>;
/**
 * What the flow-selector verbs take: the query's selector, or a route's path segments (an id or key, up to
 * 200 characters) as `id` and `integrationId`.
 */
export const flowSelectorInput = flowSelectorQuery.extend({
  id: z.string().max(200).optional(),
  integrationId: z.string().max(200).optional(),
});

export const applyFlowBody = z.object({
  integrationKeys: z
    .array(z.string().min(1).max(100))
    .min(1, "at least one integration key")
    .max(100, "at most 100 integration keys"),
});
export type ApplyFlowBody = z.infer<typeof applyFlowBody>;
export const applyFlowInput = z.object({ selector: flowSelectorInput, body: applyFlowBody });
