import type { NodeRunRow } from "../../db/schema";
import { BadRequestError } from "../../core/errors";
import { defineVerb } from "../shared/define-verb";
import { fetchRun } from "./shared";
import { nodeRunsAfter, nodeRunsToApi } from "./node-runs";
import { nodePageInput } from "./schemas";

// An outputs cursor names the node run and the index of the next output in it.
const encodeOutputCursor = (nodeRunId: string, index: number) =>
  Buffer.from(`${nodeRunId}:${index}`, "utf8").toString("base64url");
function decodeOutputCursor(cursor: string | undefined): { nodeRunId: string; index: number } | undefined {
  if (!cursor || cursor === "0") return undefined;
  const m = /^([0-9a-f]{24}):(\d{1,6})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new BadRequestError("cursor: invalid cursor");
  return { nodeRunId: m[1], index: Number(m[2]) };
}

/** A node's outputs in a run, oldest first, paged (`{items, cursor?}`; the cursor names a node run and an index). */
export const listNodeOutputs = defineVerb(nodePageInput, async ({ ctx, input }) => {
  await fetchRun(ctx, input.id);
  const limit = input.limit ?? 100;
  const at = decodeOutputCursor(input.cursor);
  type Item = { row: NodeRunRow; index: number };
  const items: Item[] = [];
  // The cursor's node run again (from its index on), then the ones after it, until a page and one more.
  let after = at?.nodeRunId;
  let inclusive = at !== undefined;
  for (;;) {
    const rows = await nodeRunsAfter(ctx, input, after, limit + 1, inclusive);
    for (const row of rows)
      row.outputs.forEach((_, index) => {
        if (at && row.id === at.nodeRunId && index < at.index) return;
        items.push({ row, index });
      });
    if (items.length > limit || rows.length <= limit) break;
    after = rows[rows.length - 1].id;
    inclusive = false;
  }
  const page = items.slice(0, limit);
  const rows = [...new Map(page.map((i) => [i.row.id, i.row])).values()];
  const apis = new Map((await nodeRunsToApi(ctx, input.id, rows)).map((r) => [r.id, r]));
  const next = items[limit];
  return {
    items: page.map((i) => apis.get(i.row.id)!.outputs[i.index]),
    ...(next ? { cursor: encodeOutputCursor(next.row.id, next.index) } : {}),
  };
});
