import { desc, eq, inArray, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import { flowInstances, flows } from "../../db/schema";
import { toPageText } from "../shared/pagination";
import { instanceJson, instanceVersion } from "../../db/api-json";
import { cachedJsonRows, canCache } from "../../db/json-cache";
import { tenantFilter } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { listWhere } from "./list-filter";
import { listFlowInstancesQuery } from "./schemas";

/**
 * `listFlowInstances` as the response body text (the API's hot path): the database writes each item's JSON,
 * once per row version (`lib/db/json-cache.ts`).
 */
export const listFlowInstancesJson = defineVerb(listFlowInstancesQuery, async ({ ctx, input }) => {
  const where = await listWhere(ctx, input);
  const from = <T extends SelectedFields>(fields: T) =>
    ctx.db.select(fields).from(flowInstances).innerJoin(flows, eq(flows.id, flowInstances.flowId));
  const json = sql<string>`${instanceJson}`;
  const rows = canCache(ctx.db)
    ? await cachedJsonRows(
        ctx.db,
        "instance",
        from({ id: flowInstances.id, version: instanceVersion })
          .where(where)
          .orderBy(desc(flowInstances.id))
          .limit(input.limit + 1),
        (ids) =>
          from({ id: flowInstances.id, version: instanceVersion, json }).where(
            tenantFilter(ctx, flowInstances.customerId, inArray(flowInstances.id, ids)),
          ),
      )
    : await from({ id: flowInstances.id, json })
        .where(where)
        .orderBy(desc(flowInstances.id))
        .limit(input.limit + 1);
  return toPageText(rows, input.limit);
});
