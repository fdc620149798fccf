import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError } from "../../core/errors";
import type { FlowNode, FlowNodes } from "../../core/flow";
import { assertValidGraph } from "../flows/shared";
import { validateAgainstSchema } from "./parameters";
import { instanceToApi, type InstanceWithFlow } from "./shared";
import { withCustomized } from "./create-flow-instance";
import { fetchFlow } from "../flows/shared";
import {
  instanceAction,
  resolveInstance,
  saveInstance,
  saveMaterialized,
  selectorOf,
} from "./instance-action";
import { archiveFlowInstance } from "./archive-flow-instance";
import { defineVerb } from "../shared/define-verb";
import { updateFlowInstanceInput, type InstanceTarget, type UpdateFlowInstanceBody } from "./schemas";
import { assertCustomerNodeEdits } from "./customer-node-edits";

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
    return saveMaterialized(ctx, current, body.name ?? current.name, nodes, flow, set, body.customized);
  }
  if (body.customized) {
    const derived = {
      isCustomized: current.isCustomized,
      customized: current.customized as { name: boolean; nodes: boolean },
    };
    Object.assign(set, withCustomized(derived, body.customized));
  }
  return saveInstance(ctx, current, set);
}

/**
 * PATCH/PUT of an instance. `archivedAt: null` restores it first (409 naming the live instance when its
 * selector is taken); the other fields are then applied (refused on an archived instance); an `archivedAt`
 * time archives it last. A selector is resolved (with `autoCreate`, created) by the first of these steps,
 * inside its transaction; the later ones act on the instance it found.
 */
export const updateFlowInstance = defineVerb(updateFlowInstanceInput, async ({ ctx, input }) => {
  const { archivedAt, ...body } = input.body;
  const keys = Object.keys(body).filter((k) => (body as Record<string, unknown>)[k] !== undefined);
  let target: InstanceTarget = { id: input.id, selector: input.selector, autoCreate: input.autoCreate };
  const found = (i: { id: string }) => (target = { id: i.id });
  if (archivedAt === null) found(await archiveFlowInstance({ ctx, input: { ...target, restore: true } }));
  let result: Awaited<ReturnType<typeof instanceAction>> | undefined;
  if (keys.length || archivedAt === undefined || input.ifMatch !== undefined) {
    const action =
      keys.length === 1 && keys[0] === "enabled" ? (body.enabled ? "enable" : "disable") : "patch";
    result = await instanceAction(ctx, target, action, (tx, current) =>
      applyInstanceUpdate(tx, current, body, input),
    );
    found(result);
  }
  if (archivedAt) result = await archiveFlowInstance({ ctx, input: { ...target, at: new Date(archivedAt) } });
  return (
    result ?? instanceToApi(await resolveInstance(ctx, selectorOf(target), { autoCreate: target.autoCreate }))
  );
});
