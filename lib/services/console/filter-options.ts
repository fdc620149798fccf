import { asc, isNull } from "drizzle-orm";
import { customers, flows, integrations } from "../../db/schema";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { listFilterOptionsInput } from "./schemas";

const CAP = 500;

/** Choices for the console's filter dropdowns (names sorted; capped — beyond that the search box is the tool). */
export const listFilterOptions = defineVerb(listFilterOptionsInput, async ({ ctx }) => {
  requireAdmin(ctx, "The console");
  const [cs, is, fs] = await Promise.all([
    ctx.db
      .select({ id: customers.id, name: customers.name })
      .from(customers)
      .where(isNull(customers.archivedAt))
      .orderBy(asc(customers.name))
      .limit(CAP),
    ctx.db
      .select({ id: integrations.id, name: integrations.name })
      .from(integrations)
      .where(isNull(integrations.archivedAt))
      .orderBy(asc(integrations.name))
      .limit(CAP),
    ctx.db
      .select({ id: flows.id, name: flows.name })
      .from(flows)
      .where(isNull(flows.archivedAt))
      .orderBy(asc(flows.name))
      .limit(CAP),
  ]);
  return { customers: cs, integrations: is, flows: fs };
});

export type FilterOptions = Awaited<ReturnType<typeof listFilterOptions>>;
