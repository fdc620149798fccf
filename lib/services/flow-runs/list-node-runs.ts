import { decodeCursor, toPage } from "../shared/pagination";
import { defineVerb } from "../shared/define-verb";
import { fetchRun } from "./shared";
import { nodeRunsAfter, nodeRunsToApi } from "./node-runs";
import { nodePageInput } from "./schemas";

/** A node's runs in a run, oldest first, paged (`{items, cursor?}`). */
export const listNodeRuns = defineVerb(nodePageInput, async ({ ctx, input }) => {
  await fetchRun(ctx, input.id);
  const limit = input.limit ?? 100;
  const rows = await nodeRunsAfter(ctx, input, decodeCursor(input.cursor), limit + 1);
  const page = toPage(rows, limit);
  return { ...page, items: await nodeRunsToApi(ctx, input.id, page.items) };
});
