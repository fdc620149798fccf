import { and, eq, isNull, sql } from "drizzle-orm";
import { flowInstances } from "../../db/schema";
import type { FlowNodes } from "../../core/flow";
import { scheduleDue } from "../../core/cron";
import { requireAdmin } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { createFlowRun } from "./create-flow-run";
import { fireSchedulesInput } from "./schemas";

/**
 * Queues one run per due schedule trigger of every enabled, unarchived instance. The run's dedupe key
 * (instance, node, minute) makes this safe to call many times per minute from many workers. The engine's
 * Worker calls it each tick, with the engine's own principal, when the composition root hands it in
 * (`engineFireSchedules`, lib/server/boot.ts).
 */
export const fireSchedules = defineVerb(fireSchedulesInput, async ({ ctx, input }): Promise<number> => {
  requireAdmin(ctx, "Firing schedules");
  const minute = new Date(Math.floor(input.now.getTime() / 60_000) * 60_000);
  const rows = await ctx.db
    .select({ id: flowInstances.id, nodes: flowInstances.nodes })
    .from(flowInstances)
    .where(
      and(
        eq(flowInstances.enabled, true),
        isNull(flowInstances.archivedAt),
        sql`${flowInstances.nodes}::text LIKE '%"schedule-trigger"%'`,
      ),
    );
  let fired = 0;
  for (const row of rows) {
    for (const [key, node] of Object.entries(row.nodes as FlowNodes)) {
      if (node.type !== "schedule-trigger" || !scheduleDue(node.config ?? {}, minute)) continue;
      try {
        const run = await createFlowRun({
          ctx,
          input: { flowInstanceId: row.id, startNodeKey: key, input: { scheduledAt: minute.toISOString() } },
          launchedBy: { type: "schedule-trigger", ids: [key] },
          dedupeKey: `schedule:${row.id}:${key}:${minute.toISOString()}`,
        });
        if (run) fired++;
      } catch (err) {
        console.error(`[scheduler] instance ${row.id} node ${key}:`, (err as Error).message);
      }
    }
  }
  return fired;
});
