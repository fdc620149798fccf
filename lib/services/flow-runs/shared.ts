import { and, eq } from "drizzle-orm";
import { flowRuns, nodeRuns, type FlowRunRow, type NodeRunRow } from "../../db/schema";
import type { Ctx } from "../context";
import { NotFoundError } from "../../core/errors";
import { isId } from "../../core/ids";
import { toApi } from "../../core/api-fields";
import { runTable } from "../../core/api-tables";

/** A run as lists show it (`runTable`; the database writes the same JSON as `runJson`). */
export const runToApi = (r: FlowRunRow) => toApi(runTable, r);
export type FlowRunApi = ReturnType<typeof runToApi>;

/** The SDK's `UpstreamFlowNodeRun`. */
export type UpstreamRun = { nodeKey: string; runId: string; outputId: string };
/** The SDK's `DownstreamFlowNodeRun`: a node run an output went on to. */
export type DownstreamRun = { runId: string; nodeKey: string };

/**
 * What a node run's API object needs besides its row: the node keys of upstream runs recorded as bare ids
 * (node runs written before upstream runs were `{nodeKey, runId, outputId}`), and the runs each output fed.
 */
export type NodeRunLinks = {
  nodeKeyOf?: Map<string, string>;
  downstreamOf?: Map<string, DownstreamRun[]>;
};

export function nodeRunToApi(n: NodeRunRow, links: NodeRunLinks = {}) {
  return {
    id: n.id,
    flowRunId: n.flowRunId,
    nodeKey: n.nodeKey,
    upstreamRuns: n.upstreamRuns.map((u): UpstreamRun =>
      typeof u === "string" ? { nodeKey: links.nodeKeyOf?.get(u) ?? "", runId: u, outputId: "" } : u,
    ),
    input: n.input,
    status: n.status,
    state: n.status,
    logs: n.logs,
    outputs: n.outputs.map((o) => ({ ...o, downstreamRuns: links.downstreamOf?.get(o.id) ?? [] })),
    outputsCount: n.outputs.length,
    errors: n.errors,
    startTime: n.startTime,
    endTime: n.endTime,
    durationMs: new Date(n.endTime).getTime() - new Date(n.startTime).getTime(),
  };
}

export async function fetchRun(ctx: Ctx, id: string): Promise<FlowRunRow> {
  if (!isId(id)) throw new NotFoundError("Flow run");
  const tenant =
    ctx.principal.kind === "customer" ? eq(flowRuns.customerId, ctx.principal.customerId) : undefined;
  const [row] = await ctx.db
    .select()
    .from(flowRuns)
    .where(and(eq(flowRuns.id, id), tenant))
    .limit(1);
  if (!row) throw new NotFoundError("Flow run");
  return row;
}

export async function fetchNodeRuns(ctx: Ctx, runId: string, nodeKey?: string): Promise<NodeRunRow[]> {
  return ctx.db
    .select()
    .from(nodeRuns)
    .where(and(eq(nodeRuns.flowRunId, runId), nodeKey ? eq(nodeRuns.nodeKey, nodeKey) : undefined))
    .orderBy(nodeRuns.id);
}
