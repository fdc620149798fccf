import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import type { FlowNodes } from "../../core/flow";
import { fetchFlow } from "../flows/shared";
import {
  assertNotArchived,
  fetchInstance,
  findBySelector,
  instanceToApi,
  materialize,
  type InstanceWithFlow,
} from "./shared";
import { ConflictError } from "../../core/errors";
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
      if (action !== "archive" && action !== "restore") assertNotArchived(current);
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

/** A restore must not make a second live instance for one (flow, connection, instanceKey). */
async function assertSelectorFree(ctx: Ctx, current: InstanceWithFlow) {
  const live = await findBySelector(ctx, current);
  if (live && live.id !== current.id)
    throw new ConflictError(
      `Flow instance ${live.id} is the live instance for this flow, connection and instanceKey: archive it before restoring ${current.id}`,
      "already_exists",
      { flowInstanceId: live.id },
    );
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return (e?.code ?? e?.cause?.code) === "23505";
};

/** Archives (or restores) an instance; archiving an archived one, or restoring a live one, changes nothing. */
export async function archiveFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; restore?: boolean; at?: Date };
}) {
  try {
    return await instanceAction(ctx, input.id, input.restore ? "restore" : "archive", async (tx, current) => {
      if (!input.restore)
        return current.archivedAt
          ? instanceToApi(current)
          : saveInstance(tx, current, { archivedAt: input.at ?? new Date() });
      if (!current.archivedAt) return instanceToApi(current);
      await assertSelectorFree(tx, current);
      return saveInstance(tx, current, { archivedAt: null });
    });
  } catch (err) {
    // An instance auto-created for the selector between the check and the write: name it, as above.
    if (input.restore && isUniqueViolation(err))
      await assertSelectorFree(ctx, await fetchInstance(ctx, input.id));
    throw err;
  }
}
