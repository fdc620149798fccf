import { eq, ilike, isNull, or, and, desc } from "drizzle-orm";
import { customers, flowInstances, flows } from "../../db/schema";
import { escapeLike } from "../shared/pagination";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { globalSearchInput } from "./schemas";

const LIMIT = 20;

/** The header search: an instance by id / key / name, customers by name or internal id, flows by name or key. */
export const globalSearch = defineVerb(globalSearchInput, async ({ ctx, input }) => {
  requireAdmin(ctx, "The console");
  const { q } = input;
  if (!q) return { instances: [], customers: [], flows: [] };
  const like = escapeLike(q);
  const [instances, cs, fs] = await Promise.all([
    ctx.db
      .select({
        id: flowInstances.id,
        name: flowInstances.name,
        instanceKey: flowInstances.instanceKey,
        customerId: flowInstances.customerId,
        customerName: customers.name,
        archivedAt: flowInstances.archivedAt,
      })
      .from(flowInstances)
      .innerJoin(customers, eq(customers.id, flowInstances.customerId))
      .where(or(eq(flowInstances.id, q), eq(flowInstances.instanceKey, q), ilike(flowInstances.name, like)))
      .orderBy(desc(flowInstances.id))
      .limit(LIMIT),
    ctx.db
      .select({ id: customers.id, name: customers.name, internalId: customers.internalId })
      .from(customers)
      .where(
        and(
          isNull(customers.archivedAt),
          or(eq(customers.id, q), ilike(customers.name, like), ilike(customers.internalId, like)),
        ),
      )
      .orderBy(desc(customers.id))
      .limit(LIMIT),
    ctx.db
      .select({ id: flows.id, name: flows.name, key: flows.key })
      .from(flows)
      .where(
        and(isNull(flows.archivedAt), or(eq(flows.id, q), ilike(flows.name, like), ilike(flows.key, like))),
      )
      .orderBy(desc(flows.id))
      .limit(LIMIT),
  ]);
  return { instances, customers: cs, flows: fs };
});
export type GlobalSearchResult = Awaited<ReturnType<typeof globalSearch>>;
