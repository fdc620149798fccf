import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError } from "../../core/errors";
import type { FlowNode, FlowNodes } from "../../core/flow";
import { assertValidGraph } from "../flows/shared";
import { flowNodeSchema, normalizeNode } from "../../core/flow-node";
import { validateAgainstSchema } from "./parameters";
import { fetchInstance, instanceToApi, materialize, type InstanceWithFlow } from "./shared";
import { customizedSchema, withCustomized } from "./create-flow-instance";
import { fetchFlow } from "../flows/shared";
import { archiveFlowInstance, instanceAction, saveInstance } from "./instance-actions";
import { assertCustomerNodeEdits } from "./customer-node-edits";

export const updateFlowInstanceBody = z.object({
  name: z.string().min(1).max(500).optional(),
  enabled: z.boolean().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  // PATCH merges per node key (null removes a node); PUT replaces the whole map.
  nodes: z
    .record(
      z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "node keys: letters, digits, - and _"),
      flowNodeSchema.partial().transform(normalizeNode).nullable(),
    )
    .optional(),
  customized: customizedSchema.optional(),
  // The SDK's way to archive (a time) or, with null, restore; see `updateFlowInstance`.
  archivedAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export type UpdateFlowInstanceBody = z.infer<typeof updateFlowInstanceBody>;

async function applyInstanceUpdate(
  ctx: Ctx,
  current: InstanceWithFlow,
  body: UpdateFlowInstanceBody,
  opts: { replace?: boolean; ifMatch?: number },
) {
  if (opts.ifMatch !== undefined && opts.ifMatch !== current.revision)
    throw new ConflictError(
      `Flow instance was changed (revision ${current.revision}, If-Match ${opts.ifMatch})`,
      "revision_mismatch",
      {
        revision: current.revision,
      },
    );
  const flow = await fetchFlow(ctx, current.flowId);
  const set: Partial<typeof flowInstances.$inferInsert> = {};
  if (body.enabled !== undefined) set.enabled = body.enabled;
  if (body.parameters !== undefined) {
    const parameters = structuredClone(body.parameters);
    validateAgainstSchema("parameters", flow.parametersSchema, parameters);
    set.parameters = parameters;
  }
  if (body.name !== undefined || body.nodes !== undefined) {
    const nodes: FlowNodes = opts.replace ? {} : structuredClone(current.nodes as FlowNodes);
    for (const [key, patch] of Object.entries(body.nodes ?? {})) {
      if (patch === null) {
        delete nodes[key];
        continue;
      }
      const merged = { ...(opts.replace ? {} : nodes[key]), ...patch } as FlowNode;
      if (!merged.type) throw new BadRequestError(`nodes.${key}.type is required for a new node`);
      nodes[key] = merged;
    }
    if (opts.replace && body.nodes === undefined) Object.assign(nodes, current.nodes);
    assertCustomerNodeEdits(ctx, current.nodes as FlowNodes, nodes, flow.nodes as FlowNodes);
    assertValidGraph(nodes);
    const m = materialize(body.name ?? current.name, nodes, flow);
    Object.assign(set, {
      name: body.name ?? current.name,
      nodes: m.nodes,
      state: m.state,
      errors: m.errors,
      isCustomized: m.isCustomized,
      customized: m.customized,
    });
  }
  if (body.customized) {
    const derived = {
      isCustomized: set.isCustomized ?? current.isCustomized,
      customized: (set.customized ?? current.customized) as { name: boolean; nodes: boolean },
    };
    Object.assign(set, withCustomized(derived, body.customized));
  }
  return saveInstance(ctx, current, set);
}

/**
 * PATCH/PUT of an instance. `archivedAt: null` restores it first (409 naming the live instance when its
 * selector is taken); the other fields are then applied (refused on an archived instance); an `archivedAt`
 * time archives it last.
 */
export async function updateFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: UpdateFlowInstanceBody; replace?: boolean; ifMatch?: number };
}) {
  const { archivedAt, ...body } = input.body;
  const keys = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
  if (archivedAt === null) await archiveFlowInstance({ ctx, input: { id: input.id, restore: true } });
  let result: Awaited<ReturnType<typeof instanceAction>> | undefined;
  if (keys.length || archivedAt === undefined || input.ifMatch !== undefined) {
    const action =
      keys.length === 1 && keys[0] === "enabled" ? (body.enabled ? "enable" : "disable") : "patch";
    result = await instanceAction(ctx, input.id, action, (tx, current) =>
      applyInstanceUpdate(tx, current, body, input),
    );
  }
  if (archivedAt)
    result = await archiveFlowInstance({ ctx, input: { id: input.id, at: new Date(archivedAt) } });
  return result ?? instanceToApi(await fetchInstance(ctx, input.id));
}
