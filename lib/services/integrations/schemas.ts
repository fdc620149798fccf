import { z } from "zod";
import { listQuery } from "../shared/pagination";

// The inputs of the integration verbs, defined once: the REST routes parse their bodies with the same
// schemas, and every verb parses its whole input with its own (lib/services/shared/define-verb.ts).

const authSchema = z
  .object({
    type: z.enum(["none", "api-key", "bearer", "basic", "oauth2-client-credentials"]),
    header: z.string().optional(),
    tokenUri: z.string().optional(),
  })
  .passthrough();

export const createIntegrationBody = z.object({
  key: z.string().regex(/^[a-zA-Z0-9_-]{1,100}$/, "letters, digits, - and _ only"),
  name: z.string().min(1).max(200),
  baseUri: z.string().max(2000).default(""),
  logoUri: z.string().max(2000).optional(),
  auth: authSchema.default({ type: "none" }),
  dataCollections: z.record(z.string(), z.unknown()).default({}),
});
export const patchIntegrationBody = createIntegrationBody.partial();

/** `selector`: the integration's id or key. */
export const patchIntegrationInput = z.object({ selector: z.string(), body: patchIntegrationBody });
export const archiveIntegrationInput = z.object({ selector: z.string(), restore: z.boolean().optional() });

export const listIntegrationsQuery = listQuery;
export const getIntegrationInput = z.object({ selector: z.string() });
