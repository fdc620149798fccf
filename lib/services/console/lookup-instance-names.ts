import { inArray } from "drizzle-orm";
import { flowInstances } from "../../db/schema";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { lookupInstanceNamesInput } from "./schemas";

/** Instance names for the ids shown on a console page (one query; archived instances included). */
export const lookupInstanceNames = defineVerb(lookupInstanceNamesInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const ids = [...new Set(input.ids)];
  if (!ids.length) return {} as Record<string, string>;
  const rows = await ctx.db
    .select({ id: flowInstances.id, name: flowInstances.name })
    .from(flowInstances)
    .where(inArray(flowInstances.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name])) as Record<string, string>;
});
