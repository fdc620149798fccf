import { and, asc, eq, gt, gte, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { nodeRuns, type NodeRunRow } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, NotFoundError } from "../../core/errors";
import { decodeCursor, listQuery, toPage } from "../shared/pagination";
import { fetchRun, nodeRunToApi, runToApi, type DownstreamRun, type NodeRunLinks } from "./shared";
import { embeddedToApi, fetchEmbedded, fetchRunInstance } from "../flow-instances/embedded";

/** One run, with the SDK's embedded `flowInstance`, `user`, `connection` and `integration` (lists leave them out). */
export async function getFlowRun({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const run = await fetchRun(ctx, input.id);
  const [flowInstance, e] = await Promise.all([
    fetchRunInstance(ctx, run.flowInstanceId),
    fetchEmbedded(ctx, run),
  ]);
  const { user, connection, integration } = embeddedToApi(e);
  return { ...runToApi(run), flowInstance, connection, integration, user };
}

/** The run's result: the data of its final outputs (one value, or a list when several branches ended). */
export async function getFlowRunOutput({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const run = await fetchRun(ctx, input.id);
  return run.output ?? null;
}

// A run's node runs and outputs, paged as the SDK's getNodeRuns / getNodeOutputs read them: oldest first,
// `{items, cursor?}`, each output with the node runs it fed (`downstreamRuns`).

export const nodePageQuery = z.object({ limit: listQuery.shape.limit, cursor: listQuery.shape.cursor });
export type NodePageQuery = z.infer<typeof nodePageQuery>;
type NodeInput = { id: string; nodeKey: string } & Partial<NodePageQuery>;

/** The links of these node runs (one query for bare upstream ids, one for downstream runs). */
async function linksOf(ctx: Ctx, runId: string, rows: NodeRunRow[]): Promise<NodeRunLinks> {
  const bareIds = [...new Set(rows.flatMap((r) => r.upstreamRuns.filter((u) => typeof u === "string")))];
  const outputIds = rows.flatMap((r) => r.outputs.map((o) => o.id));
  const [bare, downstream] = await Promise.all([
    bareIds.length
      ? ctx.db
          .select({ id: nodeRuns.id, nodeKey: nodeRuns.nodeKey })
          .from(nodeRuns)
          .where(and(eq(nodeRuns.flowRunId, runId), inArray(nodeRuns.id, bareIds)))
      : [],
    outputIds.length
      ? ctx.db
          .select({ id: nodeRuns.id, nodeKey: nodeRuns.nodeKey, upstreamRuns: nodeRuns.upstreamRuns })
          .from(nodeRuns)
          .where(
            and(
              eq(nodeRuns.flowRunId, runId),
              sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${nodeRuns.upstreamRuns}) u WHERE jsonb_typeof(u) = 'object' AND u->>'outputId' IN (${sql.join(
                outputIds.map((id) => sql`${id}`),
                sql`, `,
              )}))`,
            ),
          )
          .orderBy(asc(nodeRuns.id))
      : [],
  ]);
  const downstreamOf = new Map<string, DownstreamRun[]>();
  for (const d of downstream)
    for (const u of d.upstreamRuns)
      if (typeof u !== "string") {
        const list = downstreamOf.get(u.outputId) ?? [];
        list.push({ runId: d.id, nodeKey: d.nodeKey });
        downstreamOf.set(u.outputId, list);
      }
  return { nodeKeyOf: new Map(bare.map((b) => [b.id, b.nodeKey])), downstreamOf };
}

async function toApi(ctx: Ctx, runId: string, rows: NodeRunRow[]) {
  const links = await linksOf(ctx, runId, rows);
  return rows.map((r) => nodeRunToApi(r, links));
}

/** The node's runs after `after` (from it on, when `inclusive`), oldest first. */
const nodeRunsAfter = (
  ctx: Ctx,
  input: NodeInput,
  after: string | undefined,
  limit: number,
  inclusive = false,
) =>
  ctx.db
    .select()
    .from(nodeRuns)
    .where(
      and(
        eq(nodeRuns.flowRunId, input.id),
        eq(nodeRuns.nodeKey, input.nodeKey),
        after ? (inclusive ? gte(nodeRuns.id, after) : gt(nodeRuns.id, after)) : undefined,
      ),
    )
    .orderBy(asc(nodeRuns.id))
    .limit(limit);

export async function listNodeRuns({ ctx, input }: { ctx: Ctx; input: NodeInput }) {
  await fetchRun(ctx, input.id);
  const limit = input.limit ?? 100;
  const rows = await nodeRunsAfter(ctx, input, decodeCursor(input.cursor), limit + 1);
  const page = toPage(rows, limit);
  return { ...page, items: await toApi(ctx, input.id, page.items) };
}

export async function getNodeRun({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; nodeKey: string; nodeRunId: string };
}) {
  await fetchRun(ctx, input.id);
  const [row] = await ctx.db
    .select()
    .from(nodeRuns)
    .where(
      and(
        eq(nodeRuns.flowRunId, input.id),
        eq(nodeRuns.nodeKey, input.nodeKey),
        eq(nodeRuns.id, input.nodeRunId),
      ),
    )
    .limit(1);
  if (!row) throw new NotFoundError("Node run");
  return (await toApi(ctx, input.id, [row]))[0];
}

// An outputs cursor names the node run and the index of the next output in it.
const encodeOutputCursor = (nodeRunId: string, index: number) =>
  Buffer.from(`${nodeRunId}:${index}`, "utf8").toString("base64url");
function decodeOutputCursor(cursor: string | undefined): { nodeRunId: string; index: number } | undefined {
  if (!cursor || cursor === "0") return undefined;
  const m = /^([0-9a-f]{24}):(\d{1,6})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw new BadRequestError("cursor: invalid cursor");
  return { nodeRunId: m[1], index: Number(m[2]) };
}

export async function listNodeOutputs({ ctx, input }: { ctx: Ctx; input: NodeInput }) {
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
  const apis = new Map((await toApi(ctx, input.id, rows)).map((r) => [r.id, r]));
  const next = items[limit];
  return {
    items: page.map((i) => apis.get(i.row.id)!.outputs[i.index]),
    ...(next ? { cursor: encodeOutputCursor(next.row.id, next.index) } : {}),
  };
}

export async function getNodeOutput({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; nodeKey: string; outputId: string };
}) {
  await fetchRun(ctx, input.id);
  const [row] = await ctx.db
    .select()
    .from(nodeRuns)
    .where(
      and(
        eq(nodeRuns.flowRunId, input.id),
        eq(nodeRuns.nodeKey, input.nodeKey),
        sql`${nodeRuns.outputs} @> ${JSON.stringify([{ id: input.outputId }])}::jsonb`,
      ),
    )
    .limit(1);
  const out = row && (await toApi(ctx, input.id, [row]))[0].outputs.find((o) => o.id === input.outputId);
  if (!out) throw new NotFoundError("Node output");
  return out;
}
