import { z } from "zod";
import { listQuery } from "../shared/pagination";

// The inputs of the audit verbs: the REST route parses its query with the same schema, and the verb parses
// its whole input with it (lib/services/shared/define-verb.ts).

export const listAuditEventsQuery = listQuery.extend({
  targetId: z.string().max(100).optional(),
  targetType: z
    .enum(["flow-instance", "flow-run", "flow", "connection", "customer", "integration"])
    .optional(),
  action: z
    .enum([
      "create",
      "patch",
      "enable",
      "disable",
      "setup",
      "reset",
      "update-to-latest-flow",
      "archive",
      "restore",
      "run",
      "stop",
    ])
    .optional(),
  customerId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
