import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import { connections, customers, flowInstances, flows, integrations } from "../../db/schema";
import { instanceDetailJson, instanceDetailVersion } from "../../db/api-json";
import { cachedJsonRows, canCache } from "../../db/json-cache";
import { isId } from "../../core/ids";
import { JsonText } from "../shared/json-text";
import type { Ctx } from "../context";
import { defineVerb } from "../shared/define-verb";
import type { InstanceSelector } from "./shared";
import { getFlowInstanceInput } from "./schemas";
import { getFlowInstance } from "./get-flow-instance";

/**
 * The existing instance a selector names, as API JSON, in one indexed query (no write, no flow/connection
 * round trips). Undefined when anything is off (no such flow, connection or instance, archived connection,
 * integration mismatch, admin with an integration key; a selector never names an archived instance): `resolveInstance` then creates it or throws the
 * precise error, so both paths answer alike.
 */
async function findInstanceJson(ctx: Ctx, sel: InstanceSelector): Promise<string | undefined> {
  const customerId = ctx.principal.kind === "customer" ? ctx.principal.customerId : undefined;
  const tenant = customerId ? eq(flowInstances.customerId, customerId) : undefined;
  // Selector fields that need more than this one read go the precise way.
  const precise = [sel.userId, sel.connectionKey, sel.parentKey, sel.parentId];
  if (sel.autoUpdate || precise.some((v) => v !== undefined)) return undefined;
  let where: SQL | undefined;
  if (sel.id) {
    if (!isId(sel.id)) return undefined;
    where = and(eq(flowInstances.id, sel.id), tenant);
  } else {
    const flowSel = sel.flowId ?? sel.flowKey;
    const connSel = sel.connectionId ?? sel.integrationKey ?? sel.integrationId;
    if (!flowSel || !connSel) return undefined;
    const flowId = sql`(SELECT ${flows.id} FROM ${flows} WHERE ${sel.flowId ? eq(flows.id, sel.flowId) : eq(flows.key, flowSel)} LIMIT 1)`;
    // fetchConnection: a connection id (the caller's), else the caller's first live connection to an integration.
    const byId = isId(connSel)
      ? sql`(SELECT ${connections.id} FROM ${connections} WHERE ${and(eq(connections.id, connSel), customerId ? eq(connections.customerId, customerId) : undefined)})`
      : undefined;
    const byIntegration = customerId
      ? sql`(SELECT c.id FROM connections c WHERE c.integration_id = (SELECT i.id FROM integrations i WHERE ${sql.raw(isId(connSel) ? "i.id" : "i.key")} = ${connSel} LIMIT 1) AND c.customer_id = ${customerId} AND c.archived_at IS NULL ORDER BY c.id LIMIT 1)`
      : undefined;
    const connectionId =
      byId && byIntegration ? sql`coalesce(${byId}, ${byIntegration})` : (byId ?? byIntegration);
    if (!connectionId) return undefined;
    where = and(
      sql`${flowInstances.flowId} = ${flowId}`,
      sql`${flowInstances.connectionId} = ${connectionId}`,
      eq(flowInstances.instanceKey, sel.instanceKey ?? ""),
      isNull(flowInstances.archivedAt),
      tenant,
      isNull(connections.archivedAt),
      sql`(coalesce(${flows.integrationId}, '') = '' OR ${flows.integrationId} = ${connections.integrationId})`,
    );
  }
  // The instance with its flow, connection, customer and integration (embedded in a single read).
  const from = (fields: SelectedFields) =>
    ctx.db
      .select(fields)
      .from(flowInstances)
      .innerJoin(flows, eq(flows.id, flowInstances.flowId))
      .innerJoin(connections, eq(connections.id, flowInstances.connectionId))
      .innerJoin(customers, eq(customers.id, flowInstances.customerId))
      .innerJoin(integrations, eq(integrations.id, flowInstances.integrationId));
  const json = sql<string>`${instanceDetailJson}`;
  const [row] = canCache(ctx.db)
    ? await cachedJsonRows(
        ctx.db,
        "instance-detail",
        from({ id: flowInstances.id, version: instanceDetailVersion }).where(where).limit(1),
        (ids) =>
          from({ id: flowInstances.id, version: instanceDetailVersion, json }).where(
            and(where, inArray(flowInstances.id, ids)),
          ),
      )
    : ((await from({ id: flowInstances.id, json }).where(where).limit(1)) as { json: string }[]);
  return row?.json;
}

/** `getFlowInstance` as the response body text (the API's hot path): one read when the instance exists. */
export const getFlowInstanceJson = defineVerb(
  getFlowInstanceInput,
  async ({ ctx, input }): Promise<JsonText> => {
    const json = await findInstanceJson(ctx, input.selector);
    if (json !== undefined) return new JsonText(json);
    return new JsonText(JSON.stringify(await getFlowInstance({ ctx, input })));
  },
);
