import { z } from "zod";
import { listQuery } from "../shared/pagination";

// The inputs of the connection verbs, defined once: the REST routes parse their bodies with the same
// schemas, and every verb parses its whole input with its own (lib/services/shared/define-verb.ts).

export const createConnectionBody = z.object({
  integrationId: z.string().max(100).optional(),
  integrationKey: z.string().max(100).optional(),
  name: z.string().min(1).max(200).optional(),
  userId: z.string().max(200).optional(),
  customerId: z.string().max(200).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
});
export const patchConnectionBody = z.object({
  name: z.string().min(1).max(200).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  disconnected: z.boolean().optional(),
});

/** `selector`: the connection's id, or the key or id of its integration (the caller's first connection to it). */
export const patchConnectionInput = z.object({ selector: z.string(), body: patchConnectionBody });
export const archiveConnectionInput = z.object({ selector: z.string(), restore: z.boolean().optional() });

export const listConnectionsQuery = listQuery.extend({
  userId: z.string().max(100).optional(),
  customerId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  disconnected: z.enum(["true", "false"]).optional(),
});
export const getConnectionInput = z.object({ selector: z.string(), includeSecrets: z.boolean().optional() });
