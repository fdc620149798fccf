import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import { connections, customers, flowInstances, flows, integrations } from "../../db/schema";
import { NotFoundError } from "../../core/errors";
import { instanceDetailJson, instanceDetailVersion } from "../../db/api-json";
import { cachedJsonRow } from "../../db/json-cache";
import { isId } from "../../core/ids";
import { JsonText } from "../shared/json-text";
import type { Ctx } from "../context";
import { defineVerb } from "../shared/define-verb";
import { selectorInstanceWhere, type InstanceSelector } from "./shared";
import { getFlowInstanceInput } from "./schemas";
import { getFlowInstance } from "./get-flow-instance";

/**
 * The existing instance a selector names, as API JSON, in one indexed query (no write, no flow/connection
 * round trips), by the rules `resolveInstance` follows (`selectorInstanceWhere`). By id a miss is the 404 it
 * would answer. By selector undefined when anything is off (no such flow, connection or instance, archived
 * connection, integration mismatch, admin with an integration key): `resolveInstance` then creates the
 * instance or throws the precise error, so both paths answer alike.
 */
async function findInstanceJson(ctx: Ctx, sel: InstanceSelector): Promise<string | undefined> {
  const customerId = ctx.principal.kind === "customer" ? ctx.principal.customerId : undefined;
  const tenant = customerId ? eq(flowInstances.customerId, customerId) : undefined;
  // Refused selector fields (assertSupportedSelector) and autoUpdate go the precise way.
  const precise = [sel.connectionKey, sel.parentKey, sel.parentId];
  if (sel.autoUpdate || precise.some((v) => v !== undefined)) return undefined;
  let where: SQL | undefined;
  if (sel.id) {
    if (!isId(sel.id)) throw new NotFoundError("Flow instance");
    where = and(eq(flowInstances.id, sel.id), tenant);
  } else {
    const selected = selectorInstanceWhere(sel, customerId);
    if (!selected) return undefined;
    where = and(selected, tenant);
  }
  // The instance with its flow, connection, customer and integration (embedded in a single read).
  const json = await cachedJsonRow(
    ctx.db,
    "instance-detail",
    { id: flowInstances.id, version: instanceDetailVersion, json: sql`${instanceDetailJson}` },
    (fields, ids) =>
      ctx.db
        .select(fields as SelectedFields)
        .from(flowInstances)
        .innerJoin(flows, eq(flows.id, flowInstances.flowId))
        .innerJoin(connections, eq(connections.id, flowInstances.connectionId))
        .innerJoin(customers, eq(customers.id, flowInstances.customerId))
        .innerJoin(integrations, eq(integrations.id, flowInstances.integrationId))
        .where(and(where, ids && inArray(flowInstances.id, ids)))
        .limit(1),
  );
  // By id nothing else can answer: `fetchInstance` reads the same row (this caller's, archived or not).
  if (json === undefined && sel.id) throw new NotFoundError("Flow instance");
  return json;
}

/**
 * `getFlowInstance` as the response body text (the API's hot path): one read when the instance exists, and
 * for a 404 by id.
 */
export const getFlowInstanceJson = defineVerb(
  getFlowInstanceInput,
  async ({ ctx, input }): Promise<JsonText> => {
    const json = await findInstanceJson(ctx, input.selector);
    if (json !== undefined) return new JsonText(json);
    return new JsonText(JSON.stringify(await getFlowInstance({ ctx, input })));
  },
);
