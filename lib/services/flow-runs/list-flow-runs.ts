import { desc } from "drizzle-orm";
import { flowRuns } from "../../db/schema";
import { toPage } from "../shared/pagination";
import { defineVerb } from "../shared/define-verb";
import { runToApi } from "./shared";
import { listWhere } from "./list-filter";
import { listFlowRunsQuery } from "./schemas";

/** A page of runs, newest first, as API objects (the console's list; the REST list is `listFlowRunsJson`). */
export const listFlowRuns = defineVerb(listFlowRunsQuery, async ({ ctx, input }) => {
  const rows = await ctx.db
    .select()
    .from(flowRuns)
    .where(listWhere(ctx, input))
    .orderBy(desc(flowRuns.id))
    .limit(input.limit + 1);
  return toPage(rows.map(runToApi), input.limit);
});
