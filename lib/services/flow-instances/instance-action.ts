import { eq, sql } from "drizzle-orm";
import { flowInstances } from "../../db/schema";
import type { Ctx } from "../context";
import type { FlowNodes } from "../../core/flow";
import { NotFoundError } from "../../core/errors";
import { fetchFlow } from "../flows/shared";
import {
  assertNotArchived,
  assertSupportedSelector,
  fetchInstance,
  findBySelector,
  instanceKeyOf,
  instanceToApi,
  materialize,
  resolveSelector,
  type InstanceWithFlow,
} from "./shared";
import type { InstanceSelector, InstanceTarget } from "./schemas";
import { ensureInstance, withCustomized } from "./create-flow-instance";
import { audited, diffObjects, type AuditAction } from "../audit/audited";

type InstanceApi = ReturnType<typeof instanceToApi>;

/** The selector a target names (`id` is short for `selector: {id}`). */
export const selectorOf = (t: InstanceTarget): InstanceSelector =>
  t.id !== undefined ? { id: t.id } : t.selector!;

/**
 * The one selector resolver: `{id}` or a flow + connection selector to an instance row (creating it when
 * asked; `lock` keeps the row locked until the caller's transaction ends). A selector names the live
 * instance only (an archived one is readable by id, and `autoCreate` makes a new one).
 */
export async function resolveInstance(
  ctx: Ctx,
  sel: InstanceSelector,
  opts: { autoCreate?: boolean; lock?: boolean } = {},
): Promise<InstanceWithFlow> {
  assertSupportedSelector(sel);
  const lock = { lock: opts.lock };
  let instance = sel.id ? await fetchInstance(ctx, sel.id, lock) : await resolveBySelector(ctx, sel, opts);
  if (sel.autoUpdate && !instance.archivedAt && instance.flowRevision !== instance.latestFlowRevision) {
    await instanceAction(ctx, { id: instance.id }, "update-to-latest-flow", toLatestFlow);
    return fetchInstance(ctx, instance.id, lock);
  }
  if (opts.lock && !sel.id) instance = await fetchInstance(ctx, instance.id, lock);
  return instance;
}

async function resolveBySelector(ctx: Ctx, sel: InstanceSelector, opts: { autoCreate?: boolean }) {
  const r = await resolveSelector(ctx, sel);
  const found = await findBySelector(ctx, instanceKeyOf(r));
  if (found) return found;
  if (!opts.autoCreate) throw new NotFoundError("Flow instance");
  const { instance } = await audited(
    ctx,
    "create",
    (tx) => ensureInstance(tx, r),
    (res) =>
      res.created
        ? { type: "flow-instance", id: res.instance.id, customerId: res.instance.customerId }
        : null,
  );
  return instance;
}

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
 * Saves `name` and `nodes` as the instance's, with what they make of it against `flow` (node schemas, state,
 * errors and what is customized, `materialize`); `extra` are further columns written with them, and
 * `customized` overrides the derived customization flags (a PATCH's own `customized`).
 */
export function saveMaterialized(
  ctx: Ctx,
  current: InstanceWithFlow,
  name: string,
  nodes: FlowNodes,
  flow: Parameters<typeof materialize>[2],
  extra: Partial<typeof flowInstances.$inferInsert> = {},
  customized?: Parameters<typeof withCustomized>[1],
) {
  const m = withCustomized(materialize(name, nodes, flow), customized);
  return saveInstance(ctx, current, { name, ...m, ...extra });
}

/**
 * Runs a change of an instance (PATCH/PUT and every action) in a transaction together with its audit event
 * (with a before/after diff). The target is resolved (and created, with `autoCreate`) inside that
 * transaction and read locked, so concurrent changes queue and each builds on the one before: none is lost.
 */
export async function instanceAction(
  ctx: Ctx,
  target: InstanceTarget,
  action: AuditAction,
  fn: (tx: Ctx, current: InstanceWithFlow) => Promise<InstanceApi>,
): Promise<InstanceApi> {
  const r = await audited(
    ctx,
    action,
    async (tx) => {
      const current = await resolveInstance(tx, selectorOf(target), {
        autoCreate: target.autoCreate,
        lock: true,
      });
      if (action !== "archive" && action !== "restore") assertNotArchived(current);
      return { before: instanceToApi(current), after: await fn(tx, current) };
    },
    (res) => ({ type: "flow-instance", id: res.after.id, customerId: res.after.userId }),
    (res) => diffObjects(res.before, res.after),
  );
  return r.after;
}

/** Takes the flow's newest revision for every part the customer has not customized. */
export async function toLatestFlow(tx: Ctx, current: InstanceWithFlow) {
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
  return saveMaterialized(tx, current, name, nodes, flow, { flowRevision: flow.revision });
}
