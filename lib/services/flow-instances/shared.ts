import { and, eq, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import { connections, flowInstances, flows, type ConnectionRow, type FlowRow } from "../../db/schema";
import { instanceColumns, type InstanceWithFlow } from "../../db/api-json";
import { toApi } from "../../core/api-fields";
import { instanceTable } from "../../core/api-tables";
import type { Ctx } from "../context";
import { BadRequestError, ConflictError, NotFoundError } from "../../core/errors";
import { isId } from "../../core/ids";
import { sameDefinition, type FlowNode, type FlowNodes } from "../../core/flow";
import { connectionIdOf, fetchConnection } from "../connections/shared";
import { fetchCustomer } from "../customers/shared";
import { setupNodes } from "../../nodes/setup";
import type { JsonSchema } from "../../core/schema/json-schema";
import type { InstanceSelector } from "./schemas";

export type { InstanceSelector, InstanceWithFlow };
export { instanceColumns };

/** An instance as lists show it (`instanceTable`; the database writes the same JSON as `instanceJson`). */
export const instanceToApi = (i: InstanceWithFlow) => toApi(instanceTable, i);
export type FlowInstanceApi = ReturnType<typeof instanceToApi>;

export async function selectInstances(
  ctx: Ctx,
  where: SQL | undefined,
  opts: { lock?: boolean } = {},
): Promise<InstanceWithFlow[]> {
  const tenant =
    ctx.principal.kind === "customer" ? eq(flowInstances.customerId, ctx.principal.customerId) : undefined;
  const q = ctx.db
    .select(instanceColumns)
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(and(where, tenant));
  return opts.lock ? q.for("update", { of: flowInstances }) : q;
}

/**
 * One instance (of the caller's). `lock` (inside a transaction): the row stays locked until the transaction
 * ends, so a read-modify-write of it waits for, and then builds on, any other one in progress.
 */
export async function fetchInstance(
  ctx: Ctx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<InstanceWithFlow> {
  if (!isId(id)) throw new NotFoundError("Flow instance");
  const [row] = await selectInstances(ctx, eq(flowInstances.id, id), opts);
  if (!row) throw new NotFoundError("Flow instance");
  return row;
}

/** Selector fields Flowdeck cannot honour: a 400 naming them, never a silently wider match. */
export function assertSupportedSelector(sel: InstanceSelector): void {
  if (sel.connectionKey !== undefined)
    throw new BadRequestError(
      "connectionKey: connections have no key in Flowdeck; select by connectionId, integrationKey or integrationId",
    );
  for (const f of ["parentKey", "parentId"] as const)
    if (sel[f] !== undefined)
      throw new BadRequestError(`${f}: flow instances have no parent instance in Flowdeck`);
}

export type ResolvedSelector = {
  flow: FlowRow;
  connectionId: string;
  customerId: string;
  integrationId: string;
  instanceKey: string;
};

// The rules that turn a flow + connection selector into an instance, each defined once and used by both
// paths: `resolveSelector` + `findBySelector` (a read per step, precise errors) and `selectorInstanceWhere`
// (the GET's one query, lib/services/flow-instances/get-flow-instance-json.ts).

/** Where: the flow a selector names (flowId, else flowKey); undefined when it names none. */
export function flowSelectorWhere(sel: Pick<InstanceSelector, "flowId" | "flowKey">): SQL | undefined {
  const flowSel = sel.flowId ?? sel.flowKey;
  if (!flowSel) return undefined;
  return sel.flowId ? eq(flows.id, flowSel) : eq(flows.key, flowSel);
}

/** The connection selector (connection id, integration key or id: see `fetchConnection`); falsy when none. */
export const connectionSelectorOf = (sel: InstanceSelector): string | undefined =>
  sel.connectionId ?? sel.integrationKey ?? sel.integrationId;

/** The instance key a selector names ('' for none: the unique index covers instances without a key). */
const instanceKeyOfSelector = (sel: InstanceSelector): string => sel.instanceKey ?? "";

/**
 * What may join a flow and a connection in an instance, in TypeScript and, for the one-query path, as SQL
 * over the joined `flows` and `connections` rows (the condition that holds when the check passes).
 */
const connectionChecks: {
  message: string;
  fails: (
    flow: Pick<FlowRow, "integrationId">,
    conn: Pick<ConnectionRow, "archivedAt" | "integrationId">,
  ) => boolean;
  holds: SQL;
}[] = [
  {
    message: "connectionId: the connection is archived",
    fails: (_flow, conn) => !!conn.archivedAt,
    holds: isNull(connections.archivedAt),
  },
  {
    message: "connectionId: the connection's integration does not match the flow's integration",
    fails: (flow, conn) => !!flow.integrationId && flow.integrationId !== conn.integrationId,
    holds: sql`(coalesce(${flows.integrationId}, '') = '' OR ${flows.integrationId} = ${connections.integrationId})`,
  },
];

/** A 400 when the connection cannot serve the flow (archived, or another integration's). */
export function assertConnectionFits(
  flow: Pick<FlowRow, "integrationId">,
  conn: Pick<ConnectionRow, "archivedAt" | "integrationId">,
): void {
  for (const check of connectionChecks) if (check.fails(flow, conn)) throw new BadRequestError(check.message);
}

/** The caller's connection a selector names; an admin names a customer's with `userId` (id or internalId). */
async function selectorConnection(ctx: Ctx, connSel: string, userId: string | undefined) {
  if (userId === undefined) return fetchConnection(ctx, connSel);
  const customer = await fetchCustomer(ctx, userId);
  const conn = await fetchConnection(
    {
      ...ctx,
      principal: { kind: "customer", customerId: customer.id, internalId: customer.internalId },
    },
    connSel,
  );
  return conn;
}

/** Turns a flow + connection selector into concrete ids (the unique key of an instance). */
export async function resolveSelector(ctx: Ctx, sel: InstanceSelector): Promise<ResolvedSelector> {
  assertSupportedSelector(sel);
  const flowWhere = flowSelectorWhere(sel);
  if (!flowWhere) throw new BadRequestError("flowId or flowKey is required (or id)");
  const [flow] = await ctx.db.select().from(flows).where(flowWhere).limit(1);
  if (!flow) throw new NotFoundError("Flow");
  const connSel = connectionSelectorOf(sel);
  if (!connSel) throw new BadRequestError("connectionId, integrationKey or integrationId is required");
  const conn = await selectorConnection(ctx, connSel, sel.userId);
  assertConnectionFits(flow, conn);
  return {
    flow,
    connectionId: conn.id,
    customerId: conn.customerId,
    integrationId: conn.integrationId,
    instanceKey: instanceKeyOfSelector(sel),
  };
}

/** The unique key of a live instance: (flow, connection, instanceKey). */
export type InstanceKey = { flowId: string; connectionId: string; instanceKey: string };
export const instanceKeyOf = (r: ResolvedSelector): InstanceKey => ({
  flowId: r.flow.id,
  connectionId: r.connectionId,
  instanceKey: r.instanceKey,
});

/** An instance key whose flow and connection may also be subqueries (the one-query path). */
type KeyWhere = { flowId: string | SQL; connectionId: string | SQL; instanceKey: string };

const keyWhere = (k: KeyWhere) =>
  and(
    eq(flowInstances.flowId, k.flowId),
    eq(flowInstances.connectionId, k.connectionId),
    eq(flowInstances.instanceKey, k.instanceKey),
  );

/** Where: the live (not archived) instance with this key; selectors never name an archived instance. */
export const liveKeyWhere = (k: KeyWhere) => and(keyWhere(k), isNull(flowInstances.archivedAt));

/**
 * Where (over flow_instances joined with their flows and connections): the instance `resolveSelector` +
 * `findBySelector` would find, when every check passes. Undefined when the selector lacks a flow or a
 * connection, or names a connection only the precise path can resolve (an admin's integration key, `userId`).
 * No row means "not this way": the precise path then answers (a create, or its precise error).
 */
export function selectorInstanceWhere(sel: InstanceSelector, customerId?: string): SQL | undefined {
  if (sel.userId !== undefined) return undefined;
  const flowWhere = flowSelectorWhere(sel);
  const connSel = connectionSelectorOf(sel);
  if (!flowWhere || !connSel) return undefined;
  const connectionId = connectionIdOf(connSel, customerId);
  if (!connectionId) return undefined;
  return and(
    liveKeyWhere({
      flowId: sql`(SELECT ${flows.id} FROM ${flows} WHERE ${flowWhere} LIMIT 1)`,
      connectionId,
      instanceKey: instanceKeyOfSelector(sel),
    }),
    ...connectionChecks.map((c) => c.holds),
  );
}

/** The live (not archived) instance with this key. */
export async function findBySelector(ctx: Ctx, k: InstanceKey): Promise<InstanceWithFlow | undefined> {
  const [row] = await selectInstances(ctx, liveKeyWhere(k));
  return row;
}

/** The most recently archived instance with this key (what a restore by selector brings back). */
export async function findArchivedBySelector(
  ctx: Ctx,
  k: InstanceKey,
): Promise<InstanceWithFlow | undefined> {
  const [row] = await selectInstances(ctx, and(keyWhere(k), isNotNull(flowInstances.archivedAt))).then(
    (rows) => rows.sort((a, b) => b.archivedAt!.getTime() - a.archivedAt!.getTime()),
  );
  return row;
}

/** Writes to an archived instance are refused (Membrane: archived elements are soft-deleted). */
export function assertNotArchived(i: Pick<InstanceWithFlow, "id" | "archivedAt">): void {
  if (i.archivedAt)
    throw new ConflictError(`Flow instance ${i.id} is archived: restore it first`, "archived", {
      flowInstanceId: i.id,
      archivedAt: i.archivedAt,
    });
}

/** Customization flags derived by comparing the instance's nodes and name with its flow's. */
export function customization(name: string, nodes: FlowNodes, flow: Pick<FlowRow, "name" | "nodes">) {
  const flowNodes = flow.nodes as FlowNodes;
  const marked: FlowNodes = {};
  let nodesCustomized = Object.keys(flowNodes).some((k) => !(k in nodes));
  for (const [key, node] of Object.entries(nodes)) {
    const custom = !sameDefinition(node, flowNodes[key]);
    if (custom) nodesCustomized = true;
    marked[key] = { ...node, isCustomized: custom } as FlowNode;
  }
  const nameCustomized = name !== flow.name;
  return {
    nodes: marked,
    isCustomized: nodesCustomized || nameCustomized,
    customized: { name: nameCustomized, nodes: nodesCustomized },
  };
}

/** Recomputes customization flags and setup (schemas, state, errors) for a set of instance nodes. */
export function materialize(
  name: string,
  nodes: FlowNodes,
  flow: Pick<FlowRow, "name" | "nodes" | "parametersSchema">,
) {
  const c = customization(name, nodes, flow);
  const setup = setupNodes(c.nodes, (flow.parametersSchema ?? undefined) as JsonSchema | undefined);
  return {
    nodes: setup.nodes,
    state: setup.state,
    errors: setup.errors.length ? setup.errors : null,
    isCustomized: c.isCustomized,
    customized: c.customized,
  };
}
