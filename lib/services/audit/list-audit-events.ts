import { desc, eq, gte, lt, lte } from "drizzle-orm";
import { and } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { listAuditEventsQuery } from "./schemas";
import { decodeCursor, toPage } from "../shared/pagination";

export const listAuditEvents = defineVerb(listAuditEventsQuery, async ({ ctx, input }) => {
  requireAdmin(ctx, "The audit log");
  const after = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(auditEvents)
    .where(
      and(
        after ? lt(auditEvents.id, after) : undefined,
        input.targetId ? eq(auditEvents.targetId, input.targetId) : undefined,
        input.targetType ? eq(auditEvents.targetType, input.targetType) : undefined,
        input.action ? eq(auditEvents.action, input.action) : undefined,
        input.customerId ? eq(auditEvents.customerId, input.customerId) : undefined,
        input.from ? gte(auditEvents.createdAt, new Date(input.from)) : undefined,
        input.to ? lte(auditEvents.createdAt, new Date(input.to)) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit);
});
