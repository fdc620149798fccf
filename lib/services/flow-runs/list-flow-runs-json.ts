import { desc, inArray, sql } from "drizzle-orm";
import { flowRuns } from "../../db/schema";
import { toPageText } from "../shared/pagination";
import { runJson, runVersion } from "../../db/api-json";
import { cachedJsonRows, canCache } from "../../db/json-cache";
import { tenantFilter } from "../shared/access";
import { defineVerb } from "../shared/define-verb";
import { listWhere } from "./list-filter";
import { listFlowRunsQuery } from "./schemas";

/**
 * `listFlowRuns` as the response body text (the API's hot path): the database writes each item's JSON, once
 * per row version (`lib/db/json-cache.ts`).
 */
export const listFlowRunsJson = defineVerb(listFlowRunsQuery, async ({ ctx, input }) => {
  const where = listWhere(ctx, input);
  const json = sql<string>`${runJson}`;
  const rows = canCache(ctx.db)
    ? await cachedJsonRows(
        ctx.db,
        "run",
        ctx.db
          .select({ id: flowRuns.id, version: runVersion })
          .from(flowRuns)
          .where(where)
          .orderBy(desc(flowRuns.id))
          .limit(input.limit + 1),
        (ids) =>
          ctx.db
            .select({ id: flowRuns.id, version: runVersion, json })
            .from(flowRuns)
            .where(tenantFilter(ctx, flowRuns.customerId, inArray(flowRuns.id, ids))),
      )
    : await ctx.db
        .select({ id: flowRuns.id, json })
        .from(flowRuns)
        .where(where)
        .orderBy(desc(flowRuns.id))
        .limit(input.limit + 1);
  return toPageText(rows, input.limit);
});
