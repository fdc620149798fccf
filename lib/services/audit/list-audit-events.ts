import { desc, eq, gte, lt, lte } from "drizzle-orm";
import { and } from "drizzle-orm";
import { z } from "zod";
import { auditEvents } from "../../db/schema";
import type { Ctx } from "../context";
import { requireAdmin } from "../shared/access";
import { decodeCursor, listQuery, toPage } from "../shared/pagination";

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

export async function listAuditEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof listAuditEventsQuery>;
}) {
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
}
