import { and, asc, eq, ilike, or, sql } from "drizzle-orm";
import { customers, flowInstances, flows } from "../../db/schema";
import { escapeLike } from "../shared/pagination";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { suggestInstancesInput } from "./schemas";

/**
 * Instances for a picker (the Runs page's instance filter): every word the operator typed is found in the
 * instance's name, its customer's name or its flow's name (or the text is the instance's id or key). Live
 * instances first, then by name; archived ones are included (their runs are still listed).
 */
export const suggestInstances = defineVerb(suggestInstancesInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const q = input.q.trim();
  const words = q.split(/\s+/).filter(Boolean).slice(0, 5);
  if (!words.length) return [];
  const rows = await ctx.db
    .select({
      id: flowInstances.id,
      name: flowInstances.name,
      customerName: customers.name,
      flowName: flows.name,
      archivedAt: flowInstances.archivedAt,
    })
    .from(flowInstances)
    .innerJoin(customers, eq(customers.id, flowInstances.customerId))
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(
      or(
        eq(flowInstances.id, q),
        eq(flowInstances.instanceKey, q),
        and(
          ...words.map((w) =>
            or(
              ilike(flowInstances.name, escapeLike(w)),
              ilike(customers.name, escapeLike(w)),
              ilike(flows.name, escapeLike(w)),
            ),
          ),
        ),
      ),
    )
    .orderBy(sql`${flowInstances.archivedAt} IS NOT NULL`, asc(flowInstances.name), asc(customers.name))
    .limit(input.limit);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    customerName: r.customerName,
    flowName: r.flowName,
    archived: !!r.archivedAt,
  }));
});
export type InstanceSuggestion = Awaited<ReturnType<typeof suggestInstances>>[number];
