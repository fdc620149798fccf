import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { listFlowRunsQuery } from "@/lib/services/flow-runs/schemas";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import type { Ctx } from "@/lib/services/context";
import type { RunListView } from "@/components/flow-runs/live-all-runs";
import { parseListQuery } from "../../_lib/list-query";

const PAGE_SIZE = 50;

/** The Runs page's data for its address (filters, cursor): the page renders it, its live query reads it. */
export async function runListView(
  ctx: Ctx,
  raw: Record<string, string | undefined>,
): Promise<{ view: RunListView; invalid: string[] }> {
  const readAt = Date.now();
  const { query, invalid } = parseListQuery(listFlowRunsQuery, raw, PAGE_SIZE);
  const page = await listFlowRuns({ ctx, input: query });
  const [names, instances] = await Promise.all([
    lookupNames({ ctx, input: { customerIds: page.items.map((r) => r.customerId), integrationIds: [] } }),
    lookupInstanceNames({ ctx, input: { ids: page.items.map((r) => r.flowInstanceId) } }),
  ]);
  return {
    view: { items: page.items, cursor: page.cursor, customers: names.customers, instances, readAt },
    invalid,
  };
}
