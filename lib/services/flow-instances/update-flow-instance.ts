import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError } from "../../core/errors";
import type { FlowNode, FlowNodes } from "../../core/flow";
import { assertValidGraph, flowNodeSchema } from "../flows/shared";
import { validateAgainstSchema } from "./parameters";
import { materialize, type InstanceWithFlow } from "./shared";
import { fetchFlow } from "../flows/shared";
import { instanceAction, saveInstance } from "./instance-actions";
import { assertCustomerNodeEdits } from "./customer-node-edits";

export const updateFlowInstanceBody = z.object({
  name: z.string().min(1).max(500).optional(),
  enabled: z.boolean().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  // PATCH merges per node key (null removes a node); PUT replaces the whole map.
  nodes: z
    .record(
      z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "node keys: letters, digits, - and _"),
      flowNodeSchema.partial().nullable(),
    )
    .optional(),
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
  return saveInstance(ctx, current, set);
}

export async function updateFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; body: UpdateFlowInstanceBody; replace?: boolean; ifMatch?: number };
}) {
  const keys = Object.keys(input.body).filter(
    (k) => (input.body as Record<string, unknown>)[k] !== undefined,
  );
  const action =
    keys.length === 1 && keys[0] === "enabled" ? (input.body.enabled ? "enable" : "disable") : "patch";
  return instanceAction(ctx, input.id, action, (tx, current) =>
    applyInstanceUpdate(tx, current, input.body, input),
  );
}
