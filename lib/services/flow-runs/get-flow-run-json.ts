import { and, eq, inArray, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/pg-core";
import { connections, customers, flowInstances, flowRuns, flows, integrations } from "../../db/schema";
import { runDetailJson, runDetailVersion } from "../../db/api-json";
import { cachedJsonRow } from "../../db/json-cache";
import { NotFoundError } from "../../core/errors";
import { isId } from "../../core/ids";
import { JsonText } from "../shared/json-text";
import { defineVerb } from "../shared/define-verb";
import { runIdInput } from "./schemas";

/**
 * `getFlowRun` as the response body text (the API's hot path): one query joins the run (the caller's) with
 * its instance and flow, customer, connection and integration, and the database writes the JSON, once per
 * version of those rows (`lib/db/json-cache.ts`). The joins are left joins: a row that is gone is left
 * out of the answer, as `getFlowRun` leaves it out.
 */
export const getFlowRunJson = defineVerb(runIdInput, async ({ ctx, input }): Promise<JsonText> => {
  if (!isId(input.id)) throw new NotFoundError("Flow run");
  const tenant =
    ctx.principal.kind === "customer" ? eq(flowRuns.customerId, ctx.principal.customerId) : undefined;
  const where = and(eq(flowRuns.id, input.id), tenant);
  const json = await cachedJsonRow(
    ctx.db,
    "run-detail",
    { id: flowRuns.id, version: runDetailVersion, json: sql`${runDetailJson}` },
    (fields, ids) =>
      ctx.db
        .select(fields as SelectedFields)
        .from(flowRuns)
        .leftJoin(flowInstances, eq(flowInstances.id, flowRuns.flowInstanceId))
        .leftJoin(flows, eq(flows.id, flowInstances.flowId))
        .leftJoin(customers, eq(customers.id, flowRuns.customerId))
        .leftJoin(connections, eq(connections.id, flowRuns.connectionId))
        .leftJoin(integrations, eq(integrations.id, flowRuns.integrationId))
        .where(and(where, ids && inArray(flowRuns.id, ids)))
        .limit(1),
  );
  if (json === undefined) throw new NotFoundError("Flow run");
  return new JsonText(json);
});
