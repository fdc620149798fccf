import { z } from "zod";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError, NotFoundError } from "../../core/errors";
import { newId } from "../../core/ids";
import type { FlowNodes } from "../../core/flow";
import { validateAgainstSchema } from "./parameters";
import {
  findBySelector,
  instanceToApi,
  materialize,
  resolveSelector,
  selectorSchema,
  type InstanceSelector,
  type InstanceWithFlow,
  type ResolvedSelector,
} from "./shared";
import { fetchInstance } from "./shared";
import { audited } from "../audit/audited";

export const createFlowInstanceBody = selectorSchema.omit({ id: true }).extend({
  name: z.string().min(1).max(500).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
});

/** Inserts the instance for a resolved selector unless it exists; safe under concurrent callers. */
export async function ensureInstance(
  ctx: Ctx,
  r: ResolvedSelector,
  opts: {
    name?: string;
    parameters?: Record<string, unknown>;
    enabled?: boolean;
    failIfExists?: boolean;
  } = {},
): Promise<{ instance: InstanceWithFlow; created: boolean }> {
  if (r.flow.archivedAt) throw new BadRequestError("flowId: the flow is archived");
  const parameters = structuredClone(opts.parameters ?? {});
  validateAgainstSchema("parameters", r.flow.parametersSchema, parameters);
  const name = opts.name ?? r.flow.name;
  const m = materialize(name, structuredClone(r.flow.nodes) as FlowNodes, r.flow);
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
      isCustomized: m.isCustomized,
      customized: m.customized,
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
  const existing = await findBySelector(ctx, r);
  if (!existing) throw new NotFoundError("Flow instance");
  return { instance: existing, created: false };
}

export async function createFlowInstance({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.infer<typeof createFlowInstanceBody>;
}) {
  const { name, parameters, enabled, ...sel } = input;
  return audited(
    ctx,
    "create",
    async (tx) => {
      const r = await resolveSelector(tx, sel as InstanceSelector);
      const { instance } = await ensureInstance(tx, r, { name, parameters, enabled, failIfExists: true });
      return instanceToApi(instance);
    },
    (i) => ({ type: "flow-instance", id: i.id, customerId: i.userId }),
  );
}
