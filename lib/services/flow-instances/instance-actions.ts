import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import { fetchInstance, instanceToApi, materialize, type InstanceWithFlow } from "./shared";

async function save(ctx: Ctx, current: InstanceWithFlow, set: Partial<typeof flowInstances.$inferInsert>) {
  await ctx.db
    .update(flowInstances)
    .set({ ...set, revision: sql`${flowInstances.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(flowInstances.id, current.id));
  return instanceToApi(await fetchInstance(ctx, current.id));
}

/** Recomputes every node's input/output schema, state and errors. */
export async function setupFlowInstance({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const current = await fetchInstance(ctx, input.id);
  const flow = await fetchFlow(ctx, current.flowId);
  const m = materialize(current.name, current.nodes as FlowNodes, flow);
  return save(ctx, current, {
    nodes: m.nodes,
    state: m.state,
    errors: m.errors,
    isCustomized: m.isCustomized,
    customized: m.customized,
  });
}

export const resetFlowInstanceBody = z
  .object({
    name: z.boolean().optional(),
    nodes: z.record(z.string(), z.boolean()).optional(),
    allNodes: z.boolean().optional(),
  })
  .optional();

/** Restores name and/or nodes from the current flow; no options means everything. Keeps the id. */
export async function resetFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; options?: z.infer<typeof resetFlowInstanceBody> };
}) {
  const current = await fetchInstance(ctx, input.id);
  const flow = await fetchFlow(ctx, current.flowId);
  const o = input.options;
  const everything = !o || (o.name === undefined && o.nodes === undefined && o.allNodes === undefined);
  const flowNodes = structuredClone(flow.nodes) as FlowNodes;
  let nodes = structuredClone(current.nodes) as FlowNodes;
  if (everything || o?.allNodes) nodes = flowNodes;
  else
    for (const [key, yes] of Object.entries(o?.nodes ?? {})) {
      if (!yes) continue;
      if (key in flowNodes) nodes[key] = flowNodes[key];
      else delete nodes[key];
    }
  const name = everything || o?.name ? flow.name : current.name;
  const m = materialize(name, nodes, flow);
  return save(ctx, current, {
    name,
    nodes: m.nodes,
    state: m.state,
    errors: m.errors,
    isCustomized: m.isCustomized,
    customized: m.customized,
    ...(everything || o?.allNodes ? { flowRevision: flow.revision } : {}),
  });
}

/** Takes the flow's newest revision for every part the customer has not customized. */
export async function updateFlowInstanceToLatest({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const current = await fetchInstance(ctx, input.id);
  const flow = await fetchFlow(ctx, current.flowId);
  const flowNodes = structuredClone(flow.nodes) as FlowNodes;
  const currentNodes = current.nodes as FlowNodes;
  const nodes: FlowNodes = {};
  for (const [key, node] of Object.entries(currentNodes)) {
    if (node.isCustomized) nodes[key] = node;
    else if (key in flowNodes) nodes[key] = flowNodes[key];
    // An un-customized node the flow no longer has is dropped.
  }
  for (const [key, node] of Object.entries(flowNodes)) if (!(key in nodes)) nodes[key] = node;
  const customizedName = (current.customized as { name?: boolean }).name;
  const name = customizedName ? current.name : flow.name;
  // Customization is judged against the new revision.
  const m = materialize(name, nodes, flow);
  return save(ctx, current, {
    name,
    nodes: m.nodes,
    state: m.state,
    errors: m.errors,
    isCustomized: m.isCustomized,
    customized: m.customized,
    flowRevision: flow.revision,
  });
}

export async function archiveFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; restore?: boolean };
}) {
  const current = await fetchInstance(ctx, input.id);
  return save(ctx, current, { archivedAt: input.restore ? null : new Date() });
}
