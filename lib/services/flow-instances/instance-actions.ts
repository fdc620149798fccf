import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import { fetchInstance, instanceToApi, materialize, type InstanceWithFlow } from "./shared";
import { audited, diffObjects, type AuditAction } from "../audit/audited";

type InstanceApi = ReturnType<typeof instanceToApi>;

/** Writes a change of an instance read (and locked) by `instanceAction`, and answers the instance after it. */
export async function saveInstance(
  ctx: Ctx,
  current: InstanceWithFlow,
  set: Partial<typeof flowInstances.$inferInsert>,
) {
  await ctx.db
    .update(flowInstances)
    .set({ ...set, revision: sql`${flowInstances.revision} + 1`, updatedAt: sql`now()` })
    .where(eq(flowInstances.id, current.id));
  return instanceToApi(await fetchInstance(ctx, current.id));
}

/**
 * Runs a change of an instance (PATCH/PUT and every action) in a transaction together with its audit event
 * (with a before/after diff). The instance is read locked, so concurrent changes queue and each builds on the
 * one before: none is lost.
 */
export async function instanceAction(
  ctx: Ctx,
  id: string,
  action: AuditAction,
  fn: (tx: Ctx, current: InstanceWithFlow) => Promise<InstanceApi>,
): Promise<InstanceApi> {
  const r = await audited(
    ctx,
    action,
    async (tx) => {
      const current = await fetchInstance(tx, id, { lock: true });
      return { before: instanceToApi(current), after: await fn(tx, current) };
    },
    (res) => ({ type: "flow-instance", id: res.after.id, customerId: res.after.userId }),
    (res) => diffObjects(res.before, res.after),
  );
  return r.after;
}

/** Recomputes every node's input/output schema, state and errors. */
export async function setupFlowInstance({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  return instanceAction(ctx, input.id, "setup", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
    const m = materialize(current.name, current.nodes as FlowNodes, flow);
    return saveInstance(tx, current, {
      nodes: m.nodes,
      state: m.state,
      errors: m.errors,
      isCustomized: m.isCustomized,
      customized: m.customized,
    });
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
  return instanceAction(ctx, input.id, "reset", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
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
    return saveInstance(tx, current, {
      name,
      nodes: m.nodes,
      state: m.state,
      errors: m.errors,
      isCustomized: m.isCustomized,
      customized: m.customized,
      ...(everything || o?.allNodes ? { flowRevision: flow.revision } : {}),
    });
  });
}

/** Takes the flow's newest revision for every part the customer has not customized. */
export async function updateFlowInstanceToLatest({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  return instanceAction(ctx, input.id, "update-to-latest-flow", async (tx, current) => {
    const flow = await fetchFlow(tx, current.flowId);
    const flowNodes = structuredClone(flow.nodes) as FlowNodes;
    const nodes: FlowNodes = {};
    for (const [key, node] of Object.entries(current.nodes as FlowNodes)) {
      if (node.isCustomized) nodes[key] = node;
      else if (key in flowNodes) nodes[key] = flowNodes[key];
      // An un-customized node the flow no longer has is dropped.
    }
    for (const [key, node] of Object.entries(flowNodes)) if (!(key in nodes)) nodes[key] = node;
    const name = (current.customized as { name?: boolean }).name ? current.name : flow.name;
    // Customization is judged against the new revision.
    const m = materialize(name, nodes, flow);
    return saveInstance(tx, current, {
      name,
      nodes: m.nodes,
      state: m.state,
      errors: m.errors,
      isCustomized: m.isCustomized,
      customized: m.customized,
      flowRevision: flow.revision,
    });
  });
}

export async function archiveFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; restore?: boolean };
}) {
  return instanceAction(ctx, input.id, input.restore ? "restore" : "archive", (tx, current) =>
    saveInstance(tx, current, { archivedAt: input.restore ? null : new Date() }),
  );
}
