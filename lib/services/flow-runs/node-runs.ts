import { and, asc, eq, gt, gte, inArray, sql, type SQL } from "drizzle-orm";
import { nodeRuns, type NodeRunRow } from "../../db/schema";
import type { Ctx } from "../context";
import { nodeRunToApi, type DownstreamRun, type NodeRunLinks } from "./shared";

// What the node-run and node-output verbs share: a run's node runs as the SDK's getNodeRuns /
// getNodeOutputs read them (oldest first), each output with the node runs it fed (`downstreamRuns`).

type NodeOf = { id: string; nodeKey: string };

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

/** Node runs as API JSON, with their links. */
export async function nodeRunsToApi(ctx: Ctx, runId: string, rows: NodeRunRow[]) {
  const links = await linksOf(ctx, runId, rows);
  return rows.map((r) => nodeRunToApi(r, links));
}

/** The node's runs after `after` (from it on, when `inclusive`), oldest first. */
export const nodeRunsAfter = (
  ctx: Ctx,
  input: NodeOf,
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

/** The one node run of the node (`input.id` is the run's) that `where` picks, as API JSON; undefined if none. */
export async function findNodeRun(ctx: Ctx, input: NodeOf, where: SQL) {
  const [row] = await ctx.db
    .select()
    .from(nodeRuns)
    .where(and(eq(nodeRuns.flowRunId, input.id), eq(nodeRuns.nodeKey, input.nodeKey), where))
    .limit(1);
  return row && (await nodeRunsToApi(ctx, input.id, [row]))[0];
}
