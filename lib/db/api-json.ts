import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { connections, customers, flowInstances, flowRuns, flows, integrations } from "./schema";

// Hot API reads (instance/run lists and gets) have the database write the response JSON: the process then
// passes a few text columns through instead of parsing every column, building objects, mapping them and
// serialising them again. Each expression mirrors a `…ToApi` mapper key for key (same order, same keys left
// out), and `tests/services/api-json.test.ts` holds the two to the same output.

type Field = [key: string, value: SQL, opts?: { omitNull: true }];

const sqlString = (key: string) => {
  if (!/^[A-Za-z]+$/.test(key)) throw new Error(`jsonObjectText: unsupported key ${key}`);
  return sql.raw(`'${key}'`);
};

/**
 * SQL text of a JSON object with these keys in this order. `omitNull` keys are left out when the value is SQL
 * NULL, as `JSON.stringify` leaves out `undefined`; other NULLs are written as `null`.
 */
export function jsonObjectText(fields: Field[]): SQL {
  // Consecutive always-present keys go through one json_build_object, whose braces are cut off; every piece
  // starts with ", " and the first two characters are dropped at the end.
  const pieces: SQL[] = [];
  let run: SQL[] = [];
  const flush = () => {
    if (!run.length) return;
    pieces.push(sql`', ' || left(substr(json_build_object(${sql.join(run, sql`, `)})::text, 2), -1)`);
    run = [];
  };
  for (const [key, value, opts] of fields) {
    if (opts?.omitNull) {
      flush();
      pieces.push(sql`coalesce(${sql.raw(`', "${key}" : '`)} || to_json(${value})::text, '')`);
    } else run.push(sql`${sqlString(key)}, ${value}`);
  }
  flush();
  return sql`('{' || substr(${sql.join(pieces, sql` || `)}, 3) || '}')`;
}

/** A timestamptz as `Date#toJSON()` writes it (UTC, milliseconds). */
export const isoTime = (col: SQLWrapper) =>
  sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A jsonb column whose JSON `null` reads as absent (`?? undefined` in the mappers). */
const jsonbOrNull = (col: SQLWrapper) => sql`nullif(${col}, 'null'::jsonb)`;

/** The versions of the two rows `instanceJson` reads (see `json-cache.ts`). */
export const instanceVersion = sql<string>`${flowInstances}.xmin::text || '.' || ${flows}.xmin::text`;
/** The version of the row `runJson` reads. */
export const runVersion = sql<string>`${flowRuns}.xmin::text`;

/** `flowEmbedToApi` of a `flows` row (the `flow` of a single instance read). */
const flowEmbedJson = jsonObjectText([
  ["id", sql`${flows.id}`],
  ["key", sql`${flows.key}`],
  ["name", sql`${flows.name}`],
  ["description", sql`${flows.description}`, { omitNull: true }],
  ["integrationId", sql`${flows.integrationId}`, { omitNull: true }],
  ["revision", sql`${flows.revision}`],
  ["createdAt", isoTime(flows.createdAt)],
  ["updatedAt", isoTime(flows.updatedAt)],
  ["archivedAt", isoTime(flows.archivedAt), { omitNull: true }],
]);
/** `userEmbedToApi` of a `customers` row. */
const userEmbedJson = jsonObjectText([
  ["id", sql`${customers.id}`],
  ["internalId", sql`${customers.internalId}`],
  ["name", sql`${customers.name}`],
  ["fields", sql`${customers.fields}`],
  ["createdAt", isoTime(customers.createdAt)],
  ["archivedAt", isoTime(customers.archivedAt), { omitNull: true }],
]);
/** `connectionEmbedToApi` of a `connections` row (never its credentials). */
const connectionEmbedJson = jsonObjectText([
  ["id", sql`${connections.id}`],
  ["name", sql`${connections.name}`],
  ["userId", sql`${connections.customerId}`],
  ["integrationId", sql`${connections.integrationId}`],
  ["disconnected", sql`${connections.disconnected}`],
  ["createdAt", isoTime(connections.createdAt)],
  ["updatedAt", isoTime(connections.updatedAt)],
  ["archivedAt", isoTime(connections.archivedAt), { omitNull: true }],
]);
/** `integrationEmbedToApi` of an `integrations` row. */
const integrationEmbedJson = jsonObjectText([
  ["id", sql`${integrations.id}`],
  ["key", sql`${integrations.key}`],
  ["name", sql`${integrations.name}`],
  ["logoUri", sql`${integrations.logoUri}`, { omitNull: true }],
  ["createdAt", isoTime(integrations.createdAt)],
  ["updatedAt", isoTime(integrations.updatedAt)],
  ["archivedAt", isoTime(integrations.archivedAt), { omitNull: true }],
]);

/** `instanceToApi` of a `flow_instances` row joined with its `flows` row. */
export const instanceJson = jsonObjectText(instanceFields(false));

/**
 * `instanceDetailToApi`: a single instance read, also joined with its `connections`, `customers` and
 * `integrations` rows; `flow` is the fuller `flowEmbedJson`, and `user`, `connection`, `integration` follow.
 */
export const instanceDetailJson = jsonObjectText(instanceFields(true));
/** The versions of the five rows `instanceDetailJson` reads: a write to any of them changes the key. */
export const instanceDetailVersion = sql<string>`${instanceVersion} || '.' || ${connections}.xmin::text || '.' || ${customers}.xmin::text || '.' || ${integrations}.xmin::text`;

function instanceFields(detail: boolean): Field[] {
  return [
    ["id", sql`${flowInstances.id}`],
    ["flowId", sql`${flowInstances.flowId}`],
    ["connectionId", sql`${flowInstances.connectionId}`],
    ["userId", sql`${flowInstances.customerId}`],
    ["customerId", sql`${flowInstances.customerId}`],
    ["integrationId", sql`${flowInstances.integrationId}`],
    ["instanceKey", sql`nullif(${flowInstances.instanceKey}, '')`, { omitNull: true }],
    ["name", sql`${flowInstances.name}`],
    ["parameters", sql`${flowInstances.parameters}`],
    // json (key order kept, see schema.ts): no `=` with jsonb, so JSON null is found by its text.
    ["parametersSchema", sql`nullif(${flows.parametersSchema}::text, 'null')::json`, { omitNull: true }],
    ["nodes", sql`${flowInstances.nodes}`],
    ["enabled", sql`${flowInstances.enabled}`],
    ["isCustomized", sql`${flowInstances.isCustomized}`],
    ["customized", sql`${flowInstances.customized}`],
    ["flowRevision", sql`${flowInstances.flowRevision}`],
    ["outdated", sql`${flowInstances.flowRevision} <> ${flows.revision}`],
    ["revision", sql`${flowInstances.revision}`],
    ["state", sql`${flowInstances.state}`],
    ["errors", jsonbOrNull(flowInstances.errors), { omitNull: true }],
    [
      "flow",
      detail
        ? sql`(${flowEmbedJson})::json`
        : sql`json_build_object('id', ${flows.id}, 'key', ${flows.key}, 'name', ${flows.name})`,
    ],
    [
      "lastRun",
      sql`CASE WHEN ${flowInstances.lastRunId} IS NOT NULL THEN json_build_object('id', ${flowInstances.lastRunId}, 'state', ${flowInstances.lastRunState}, 'at', ${isoTime(flowInstances.lastRunAt)}) END`,
      { omitNull: true },
    ],
    ["createdAt", isoTime(flowInstances.createdAt)],
    ["updatedAt", isoTime(flowInstances.updatedAt)],
    ["archivedAt", isoTime(flowInstances.archivedAt), { omitNull: true }],
    ...(detail
      ? ([
          ["user", sql`(${userEmbedJson})::json`],
          ["connection", sql`(${connectionEmbedJson})::json`],
          ["integration", sql`(${integrationEmbedJson})::json`],
        ] as Field[])
      : []),
  ];
}

/** `runToApi` of a `flow_runs` row. */
export const runJson = jsonObjectText([
  ["id", sql`${flowRuns.id}`],
  ["flowInstanceId", sql`${flowRuns.flowInstanceId}`],
  ["connectionFlowId", sql`${flowRuns.flowInstanceId}`],
  ["flowId", sql`${flowRuns.flowId}`],
  ["connectionId", sql`${flowRuns.connectionId}`],
  ["userId", sql`${flowRuns.customerId}`],
  ["customerId", sql`${flowRuns.customerId}`],
  ["integrationId", sql`${flowRuns.integrationId}`],
  ["startNodeKey", sql`${flowRuns.startNodeKey}`, { omitNull: true }],
  ["input", jsonbOrNull(flowRuns.input), { omitNull: true }],
  ["state", sql`${flowRuns.state}`],
  ["launchedBy", sql`${flowRuns.launchedBy}`],
  ["nodes", sql`${flowRuns.nodes}`],
  ["errors", sql`${flowRuns.errors}`],
  ["attempts", sql`${flowRuns.attempts}`],
  ["createdAt", isoTime(flowRuns.createdAt)],
  ["startTime", isoTime(sql`coalesce(${flowRuns.startTime}, ${flowRuns.createdAt})`)],
  ["endTime", isoTime(flowRuns.endTime), { omitNull: true }],
  ["meta", jsonbOrNull(flowRuns.meta), { omitNull: true }],
]);
