import { inArray } from "drizzle-orm";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";

/** Instance names for the ids shown on a console page (one query; archived instances included). */
export async function lookupInstanceNames({ ctx, input }: { ctx: Ctx; input: { ids: string[] } }) {
  requireAdmin(ctx, "The console");
  const ids = [...new Set(input.ids)].slice(0, 1000);
  if (!ids.length) return {} as Record<string, string>;
  const rows = await ctx.db
    .select({ id: flowInstances.id, name: flowInstances.name })
    .from(flowInstances)
    .where(inArray(flowInstances.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name])) as Record<string, string>;
}
