import { defineVerb } from "../shared/define-verb";
import { idInput } from "./schemas";
import { fetchNodeRuns, fetchRun, nodeRunToApi } from "../flow-runs/shared";

const PER_NODE = 50;

/**
 * Every node run of one flow run grouped by node key, for the run page (one query instead of one per node).
 * Capped per node so a for-each over thousands of items keeps the page light; `truncated` says when.
 */
export const listRunNodeRuns = defineVerb(idInput, async ({ ctx, input }) => {
  await fetchRun(ctx, input.id);
  const rows = await fetchNodeRuns(ctx, input.id);
  const byNode: Record<string, ReturnType<typeof nodeRunToApi>[]> = {};
  const totals: Record<string, number> = {};
  for (const r of rows) {
    totals[r.nodeKey] = (totals[r.nodeKey] ?? 0) + 1;
    const list = (byNode[r.nodeKey] ??= []);
    if (list.length < PER_NODE) list.push(nodeRunToApi(r));
  }
  return { byNode, totals, truncated: Object.values(totals).some((n) => n > PER_NODE) };
});
