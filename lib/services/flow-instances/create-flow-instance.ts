import type { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError, NotFoundError } from "../../core/errors";
import { newId } from "../../core/ids";
import type { FlowNode, FlowNodes } from "../../core/flow";
import { assertValidGraph } from "../flows/shared";
import { validateAgainstSchema } from "./parameters";
import {
  fetchInstance,
  findBySelector,
  instanceKeyOf,
  instanceToApi,
  materialize,
  resolveSelector,
  type InstanceWithFlow,
  type ResolvedSelector,
} from "./shared";
import { audited } from "../audit/audited";
import { defineVerb } from "../shared/define-verb";
import {
  createFlowInstanceInput,
  type CreateFlowInstanceBody,
  type customizedSchema,
  type InstanceSelector,
} from "./schemas";

/** The flow's nodes with a create's per-key changes merged in (checked as a graph). */
function initialNodes(flowNodes: FlowNodes, changes: CreateFlowInstanceBody["nodes"]): FlowNodes {
  const nodes = structuredClone(flowNodes);
  if (!changes) return nodes;
  for (const [key, patch] of Object.entries(changes)) {
    const merged = { ...nodes[key], ...structuredClone(patch) } as FlowNode;
    if (!merged.type) throw new BadRequestError(`nodes.${key}.type is required for a new node`);
    nodes[key] = merged;
  }
  assertValidGraph(nodes);
  return nodes;
}

/** Flags a write sets explicitly win over the derived ones (until the next change of name or nodes). */
export function withCustomized(
  m: { isCustomized: boolean; customized: { name: boolean; nodes: boolean } },
  given: z.infer<typeof customizedSchema> | undefined,
) {
  if (!given) return m;
  const customized = { ...m.customized, ...given };
  return { ...m, customized, isCustomized: customized.name || customized.nodes };
}

/** Inserts the instance for a resolved selector unless it exists; safe under concurrent callers. */
export async function ensureInstance(
  ctx: Ctx,
  r: ResolvedSelector,
  opts: {
    name?: string;
    parameters?: Record<string, unknown>;
    enabled?: boolean;
    nodes?: CreateFlowInstanceBody["nodes"];
    customized?: CreateFlowInstanceBody["customized"];
    failIfExists?: boolean;
  } = {},
): Promise<{ instance: InstanceWithFlow; created: boolean }> {
  if (r.flow.archivedAt) throw new BadRequestError("flowId: the flow is archived");
  const parameters = structuredClone(opts.parameters ?? {});
  validateAgainstSchema("parameters", r.flow.parametersSchema, parameters);
  const name = opts.name ?? r.flow.name;
  const m = materialize(name, initialNodes(r.flow.nodes as FlowNodes, opts.nodes), r.flow);
  const flags = withCustomized(m, opts.customized);
  const id = newId();
  const inserted = await ctx.db
    .insert(flowInstances)
    .values({
      id,
      flowId: r.flow.id,
      connectionId: r.connectionId,
      customerId: r.customerId,
      integrationId: r.integrationId,
      instanceKey: r.instanceKey,
      name,
      parameters,
      nodes: m.nodes,
      enabled: opts.enabled ?? true,
      isCustomized: flags.isCustomized,
      customized: flags.customized,
      flowRevision: r.flow.revision,
      state: m.state,
      errors: m.errors,
    })
    .onConflictDoNothing()
    .returning({ id: flowInstances.id });
  if (inserted.length) return { instance: await fetchInstance(ctx, id), created: true };
  if (opts.failIfExists)
    throw new ConflictError(
      "A flow instance for this flow, connection and instanceKey already exists",
      "already_exists",
    );
  const existing = await findBySelector(ctx, instanceKeyOf(r));
  if (!existing) throw new NotFoundError("Flow instance");
  return { instance: existing, created: false };
}

export const createFlowInstance = defineVerb(createFlowInstanceInput, async ({ ctx, input }) => {
  const { name, parameters, enabled, nodes, customized, ...sel } = input;
  if (input.id !== undefined)
    throw new BadRequestError("id: a new flow instance is selected by flow and connection, not by id");
  return audited(
    ctx,
    "create",
    async (tx) => {
      const r = await resolveSelector(tx, sel as InstanceSelector);
      const { instance } = await ensureInstance(tx, r, {
        name,
        parameters,
        enabled,
        nodes,
        customized,
        failIfExists: true,
      });
      return instanceToApi(instance);
    },
    (i) => ({ type: "flow-instance", id: i.id, customerId: i.userId }),
  );
});
