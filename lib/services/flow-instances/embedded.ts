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
import { instanceColumns, type InstanceWithFlow } from "../../db/api-json";
import { toApi } from "../../core/api-fields";
import {
  connectionEmbedTable,
  flowEmbedTable,
  instanceDetailTable,
  integrationEmbedTable,
  userEmbedTable,
} from "../../core/api-tables";
import type { Ctx } from "../context";

// The objects a single instance or run read embeds (the SDK's `user`, `connection`, `integration`, `flow`
// and, on runs, `flowInstance`): the fields of the SDK's shapes Flowdeck has, from the rows the read joins.
// Lists leave them out (their ids are on every item). Their field tables are in lib/core/api-tables.ts.

export const flowEmbedToApi = (f: FlowRow) => toApi(flowEmbedTable, f);
export const userEmbedToApi = (c: CustomerRow) => toApi(userEmbedTable, c);
/** Never the credentials. */
export const connectionEmbedToApi = (c: ConnectionRow) => toApi(connectionEmbedTable, c);
export const integrationEmbedToApi = (i: IntegrationRow) => toApi(integrationEmbedTable, i);

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

/** `instanceToApi` with the fuller `flow` and the embedded objects (a single instance read). */
export const instanceDetailToApi = (i: InstanceWithFlow, flow: FlowRow, e: EmbeddedRows) =>
  toApi(instanceDetailTable, { ...i, flow, ...e });

/** A single instance read's rows: the instance's flow and its customer, connection, integration. */
export async function instanceDetail(ctx: Ctx, i: InstanceWithFlow) {
  const [[flow], e] = await Promise.all([
    ctx.db.select().from(flows).where(eq(flows.id, i.flowId)).limit(1),
    fetchEmbedded(ctx, i),
  ]);
  return instanceDetailToApi(i, flow, e);
}

/** The run's `flowInstance` row: the instance with its flow's fields, as lists read it. */
export async function fetchRunInstance(
  ctx: Ctx,
  flowInstanceId: string,
): Promise<InstanceWithFlow | undefined> {
  const [row] = await ctx.db
    .select(instanceColumns)
    .from(flowInstances)
    .innerJoin(flows, eq(flows.id, flowInstances.flowId))
    .where(eq(flowInstances.id, flowInstanceId))
    .limit(1);
  return row;
}
