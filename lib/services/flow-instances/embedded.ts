import { eq } from "drizzle-orm";
import {
  connections,
  customers,
  flowInstances,
  flows,
  integrations,
  type ConnectionRow,
  type CustomerRow,
  type FlowRow,
  type IntegrationRow,
} from "../../db/schema";
import type { Ctx } from "../context";
import { instanceToApi, type InstanceWithFlow } from "./shared";

// The objects a single instance or run read embeds (the SDK's `user`, `connection`, `integration`, `flow`
// and, on runs, `flowInstance`): the fields of the SDK's shapes Flowdeck has, from the rows the read joins.
// Lists leave them out (their ids are on every item). `lib/db/api-json.ts` writes the same JSON in SQL.

export const flowEmbedToApi = (f: FlowRow) => ({
  id: f.id,
  key: f.key,
  name: f.name,
  description: f.description ?? undefined,
  integrationId: f.integrationId ?? undefined,
  revision: f.revision,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
  archivedAt: f.archivedAt ?? undefined,
});

export const userEmbedToApi = (c: CustomerRow) => ({
  id: c.id,
  internalId: c.internalId,
  name: c.name,
  fields: c.fields,
  createdAt: c.createdAt,
  archivedAt: c.archivedAt ?? undefined,
});

/** Never the credentials. */
export const connectionEmbedToApi = (c: ConnectionRow) => ({
  id: c.id,
  name: c.name,
  userId: c.customerId,
  integrationId: c.integrationId,
  disconnected: c.disconnected,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
  archivedAt: c.archivedAt ?? undefined,
});

export const integrationEmbedToApi = (i: IntegrationRow) => ({
  id: i.id,
  key: i.key,
  name: i.name,
  logoUri: i.logoUri ?? undefined,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
  archivedAt: i.archivedAt ?? undefined,
});

export type EmbeddedRows = {
  user?: CustomerRow;
  connection?: ConnectionRow;
  integration?: IntegrationRow;
};

/** The customer, connection and integration rows a read names by id (absent when one is gone). */
export async function fetchEmbedded(
  ctx: Ctx,
  ids: { customerId: string; connectionId: string; integrationId: string },
): Promise<EmbeddedRows> {
  const [[user], [connection], [integration]] = await Promise.all([
    ctx.db.select().from(customers).where(eq(customers.id, ids.customerId)).limit(1),
    ctx.db.select().from(connections).where(eq(connections.id, ids.connectionId)).limit(1),
    ctx.db.select().from(integrations).where(eq(integrations.id, ids.integrationId)).limit(1),
  ]);
  return { user, connection, integration };
}

/** The embedded objects as API fields, in this order, each left out when its row is gone. */
export const embeddedToApi = (e: EmbeddedRows) => ({
  user: e.user ? userEmbedToApi(e.user) : undefined,
  connection: e.connection ? connectionEmbedToApi(e.connection) : undefined,
  integration: e.integration ? integrationEmbedToApi(e.integration) : undefined,
});

/** `instanceToApi` with the fuller `flow` and the embedded objects (a single instance read). */
export function instanceDetailToApi(i: InstanceWithFlow, flow: FlowRow, e: EmbeddedRows) {
  return { ...instanceToApi(i), flow: flowEmbedToApi(flow), ...embeddedToApi(e) };
}

/** A single instance read's rows: the instance's flow and its customer, connection, integration. */
export async function instanceDetail(ctx: Ctx, i: InstanceWithFlow) {
  const [[flow], e] = await Promise.all([
    ctx.db.select().from(flows).where(eq(flows.id, i.flowId)).limit(1),
    fetchEmbedded(ctx, i),
  ]);
  return instanceDetailToApi(i, flow, e);
}

/** The run's `flowInstance`: the instance row as lists show it (no embedded objects of its own). */
export async function fetchRunInstance(ctx: Ctx, flowInstanceId: string) {
  const [row] = await ctx.db
    .select({ instance: flowInstances, flow: flows })
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(eq(flowInstances.id, flowInstanceId))
    .limit(1);
  if (!row) return undefined;
  return instanceToApi({
    ...row.instance,
    latestFlowRevision: row.flow.revision,
    flowKey: row.flow.key,
    flowName: row.flow.name,
    parametersSchema: row.flow.parametersSchema,
  });
}
