import { and, eq, isNull, sql } from "drizzle-orm";
import { flowInstances } from "../../db/schema";
import { BadRequestError } from "../../core/errors";
import type { FlowNodes } from "../../core/flow";
import { evaluateCondition } from "../../core/formulas";
import { createFlowRun } from "../flow-runs/create-flow-run";
import { fetchCustomer } from "../customers/shared";
import { defineVerb } from "../shared/define-verb";
import { receiveAppEventInput } from "./schemas";

/**
 * Delivers an app event: every enabled, unarchived instance of the customer (or of one connection)
 * with a matching app-event-trigger whose filter passes gets a run.
 */
export const receiveAppEvent = defineVerb(receiveAppEventInput, async ({ ctx, input }) => {
  let customerId: string | undefined;
  if (ctx.principal.kind === "customer") customerId = ctx.principal.customerId;
  else if (input.customerId) customerId = (await fetchCustomer(ctx, input.customerId)).id;
  if (!customerId && !input.connectionId)
    throw new BadRequestError("customerId: required with an admin token");
  const rows = await ctx.db
    .select({ id: flowInstances.id, nodes: flowInstances.nodes, customerId: flowInstances.customerId })
    .from(flowInstances)
    .where(
      and(
        customerId ? eq(flowInstances.customerId, customerId) : undefined,
        input.connectionId ? eq(flowInstances.connectionId, input.connectionId) : undefined,
        eq(flowInstances.enabled, true),
        isNull(flowInstances.archivedAt),
        sql`${flowInstances.nodes}::text LIKE '%"app-event-trigger"%'`,
      ),
    );
  const runs: { flowInstanceId: string; flowRunId: string }[] = [];
  for (const row of rows) {
    for (const [key, node] of Object.entries(row.nodes as FlowNodes)) {
      if (node.type !== "app-event-trigger" || node.config?.appEventKey !== input.appEventKey) continue;
      let pass = false;
      try {
        pass = await evaluateCondition(node.config?.filter, {
          input: { [key]: input.payload },
          event: input.payload,
        });
      } catch {
        pass = false;
      }
      if (!pass) continue;
      const run = await createFlowRun({
        ctx,
        input: { flowInstanceId: row.id, startNodeKey: key, input: input.payload },
        launchedBy: { type: "app-event-trigger", ids: [key] },
      });
      if (run) runs.push({ flowInstanceId: row.id, flowRunId: run.id });
    }
  }
  return { appEventKey: input.appEventKey, runs };
});
