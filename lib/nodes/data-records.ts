import type { JsonSchema } from "../core/schema/json-schema";
import { isPlainObject } from "../core/schema/json-schema";
import type { ConfigIssue, NodeExecuteContext, NodeType } from "./types";
import { requestExternalApp } from "./http/external-app";
import { asRecord, timeoutSchema, validateConfigFormulas } from "./http/schemas";

/*
 * Data-record nodes over an integration's declared collections (`dataCollections: {key: {name, path}}`),
 * with REST conventions: GET path (list), GET path/:id, POST path, PATCH path/:id, DELETE path/:id.
 * Requests go through the same helper (base URI, auth, limits, logging) as api-request-to-external-app.
 */

type Collection = { key: string; name: string; path: string };

function collectionOf(ctx: NodeExecuteContext): Collection {
  const key = ctx.config.collectionKey;
  if (typeof key !== "string" || !key) throw new Error("collectionKey is required");
  const declared = ctx.runtime.integration.dataCollections ?? {};
  const entry = declared[key];
  if (!isPlainObject(entry) || typeof entry.path !== "string") {
    const known = Object.keys(declared);
    throw new Error(
      `Integration "${ctx.runtime.integration.key}" has no data collection "${key}"` +
        (known.length ? ` (available: ${known.join(", ")})` : ""),
    );
  }
  return { key, name: typeof entry.name === "string" ? entry.name : key, path: entry.path };
}

async function recordId(ctx: NodeExecuteContext): Promise<string> {
  const id = await ctx.evaluate(ctx.config.id);
  if ((typeof id !== "string" && typeof id !== "number") || id === "") {
    throw new Error(
      `Record id must evaluate to a non-empty string or number, got ${JSON.stringify(id ?? null)}`,
    );
  }
  return String(id);
}

const recordPath = (collection: Collection, id: string) =>
  `${collection.path.replace(/\/+$/, "")}/${encodeURIComponent(id)}`;

function recordSchemaOf(config: Record<string, unknown>): JsonSchema {
  return isPlainObject(config.recordSchema) ? (config.recordSchema as JsonSchema) : { type: "object" };
}

const collectionKeySchema: JsonSchema = {
  type: "string",
  title: "Collection",
  description: "Key of one of the integration's data collections, e.g. contacts.",
  minLength: 1,
};
const idSchema: JsonSchema = {
  type: ["string", "number", "object"],
  title: "Record id",
  description: "Id of the record, fixed or from an earlier step.",
};
const fieldsSchema: JsonSchema = {
  type: "object",
  title: "Fields",
  description: "Field values of the record, fixed or from earlier steps.",
  additionalProperties: true,
};
const recordSchemaSchema: JsonSchema = {
  type: "object",
  title: "Record schema",
  description: "The fields of one record, so that later steps can pick them.",
};

function dataNode(
  spec: Pick<NodeType, "type" | "name" | "description"> & {
    properties: Record<string, JsonSchema>;
    required: string[];
    formulaFields: string[];
    outputSchema: (record: JsonSchema) => JsonSchema;
    execute: (ctx: NodeExecuteContext, collection: Collection) => Promise<unknown>;
  },
): NodeType {
  return {
    type: spec.type,
    name: spec.name,
    description: spec.description,
    category: "data",
    configSchema: {
      type: "object",
      required: ["collectionKey", ...spec.required],
      properties: {
        collectionKey: collectionKeySchema,
        ...spec.properties,
        recordSchema: recordSchemaSchema,
        timeout: timeoutSchema,
      },
    },
    // `required` above covers missing fields. Whether the collection exists depends on the integration,
    // which setup does not see, so that is checked at run time.
    validate: (config, contextSchema): ConfigIssue[] =>
      validateConfigFormulas(config, spec.formulaFields, contextSchema),
    outputSchema: (config) => spec.outputSchema(recordSchemaOf(config)),
    execute: async (ctx) => [await spec.execute(ctx, collectionOf(ctx))],
  };
}

const timeoutOf = (ctx: NodeExecuteContext) => ctx.config.timeout as number | undefined;

export const listDataRecords = dataNode({
  type: "list-data-records",
  name: "List data records",
  description: "Lists records of a data collection (one page), with optional filters and a cursor.",
  properties: {
    query: {
      type: "object",
      title: "Filters",
      description: "Sent as query parameters; values may use data from earlier steps.",
      additionalProperties: true,
    },
    cursor: {
      type: ["string", "object"],
      title: "Cursor",
      description: "Cursor of the page to fetch, from an earlier list step's output.",
    },
  },
  required: [],
  formulaFields: ["query", "cursor"],
  outputSchema: (record) => ({
    type: "object",
    properties: { records: { type: "array", items: record }, cursor: { type: "string" } },
  }),
  execute: async (ctx, collection) => {
    const query = { ...asRecord(await ctx.evaluate(ctx.config.query), "query") };
    const cursor = await ctx.evaluate(ctx.config.cursor);
    if (cursor !== undefined && cursor !== null && cursor !== "") query.cursor = cursor;
    const { data } = await requestExternalApp(ctx, {
      method: "GET",
      path: collection.path,
      query,
      timeoutMs: timeoutOf(ctx),
    });
    if (Array.isArray(data)) return { records: data };
    if (isPlainObject(data) && Array.isArray(data.records)) {
      const next = data.cursor;
      return {
        records: data.records,
        ...(next !== undefined && next !== null && next !== "" ? { cursor: String(next) } : {}),
      };
    }
    throw new Error(`Listing ${collection.name} returned neither an array nor {records: [...]}`);
  },
});

export const findDataRecordById = dataNode({
  type: "find-data-record-by-id",
  name: "Find data record by id",
  description: "Fetches one record of a data collection by its id (fails when it does not exist).",
  properties: { id: idSchema },
  required: ["id"],
  formulaFields: ["id"],
  outputSchema: (record) => ({ type: "object", properties: { record } }),
  execute: async (ctx, collection) => {
    const id = await recordId(ctx);
    const { data } = await requestExternalApp(ctx, {
      method: "GET",
      path: recordPath(collection, id),
      timeoutMs: timeoutOf(ctx),
    });
    return { record: data };
  },
});

function idFrom(record: unknown, fallback?: string): string | undefined {
  if (isPlainObject(record) && (typeof record.id === "string" || typeof record.id === "number")) {
    return String(record.id);
  }
  return fallback;
}

export const createDataRecord = dataNode({
  type: "create-data-record",
  name: "Create data record",
  description: "Creates a record in a data collection from the given fields.",
  properties: { fields: fieldsSchema },
  required: ["fields"],
  formulaFields: ["fields"],
  outputSchema: (record) => ({ type: "object", properties: { id: { type: "string" }, record } }),
  execute: async (ctx, collection) => {
    const fields = asRecord(await ctx.evaluate(ctx.config.fields), "fields") ?? {};
    const { data } = await requestExternalApp(ctx, {
      method: "POST",
      path: collection.path,
      data: fields,
      timeoutMs: timeoutOf(ctx),
    });
    const id = idFrom(data);
    if (id === undefined) ctx.log(`The created ${collection.name} record has no id in the response`);
    return { ...(id === undefined ? {} : { id }), record: data };
  },
});

export const updateDataRecord = dataNode({
  type: "update-data-record",
  name: "Update data record",
  description: "Updates the given fields of a record in a data collection (PATCH).",
  properties: { id: idSchema, fields: fieldsSchema },
  required: ["id", "fields"],
  formulaFields: ["id", "fields"],
  outputSchema: (record) => ({ type: "object", properties: { id: { type: "string" }, record } }),
  execute: async (ctx, collection) => {
    const id = await recordId(ctx);
    const fields = asRecord(await ctx.evaluate(ctx.config.fields), "fields") ?? {};
    const { data } = await requestExternalApp(ctx, {
      method: "PATCH",
      path: recordPath(collection, id),
      data: fields,
      timeoutMs: timeoutOf(ctx),
    });
    // Some APIs answer 204: the record is then what we sent.
    return { id, record: data ?? { id, ...fields } };
  },
});

export const deleteDataRecord = dataNode({
  type: "delete-data-record",
  name: "Delete data record",
  description: "Deletes a record of a data collection by its id.",
  properties: { id: idSchema },
  required: ["id"],
  formulaFields: ["id"],
  outputSchema: () => ({
    type: "object",
    properties: { id: { type: "string" }, deleted: { type: "boolean" } },
  }),
  execute: async (ctx, collection) => {
    const id = await recordId(ctx);
    await requestExternalApp(ctx, {
      method: "DELETE",
      path: recordPath(collection, id),
      timeoutMs: timeoutOf(ctx),
    });
    return { id, deleted: true };
  },
});

export const dataRecordNodeTypes: NodeType[] = [
  listDataRecords,
  findDataRecordById,
  createDataRecord,
  updateDataRecord,
  deleteDataRecord,
];
