import { readCase, readConcat, readIterate, readList, readMap } from "../formulas/args";
import { matchFormula, type FormulaName, type FormulaNode } from "../formulas/node";
import { isPlainObject, type JsonSchema } from "./json-schema";
import { mergeSchemas } from "./merge";
import { getSchemaAtLocator } from "./schema-at-locator";

/** Schema of a JSON sample. `null` and empty containers say little, so they stay open. */
export function inferSchemaFromValue(value: unknown): JsonSchema {
  if (Array.isArray(value)) {
    return value.length
      ? { type: "array", items: mergeSchemas(value.map(inferSchemaFromValue)) }
      : { type: "array" };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return { type: "object" };
    return {
      type: "object",
      properties: Object.fromEntries(entries.map(([k, v]) => [k, inferSchemaFromValue(v)])),
    };
  }
  switch (typeof value) {
    case "string":
      return { type: "string" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
    case "boolean":
      return { type: "boolean" };
    default:
      return {};
  }
}

/**
 * Context schema seen inside `$iterate.item`: `item` is the element, `index` its position and `parent`
 * the outer context, mirroring what evaluation puts in the context.
 */
export function withIterationScope(contextSchema: JsonSchema, itemSchema: JsonSchema): JsonSchema {
  const scoped: JsonSchema = {
    ...contextSchema,
    type: "object",
    properties: {
      ...contextSchema.properties,
      item: itemSchema,
      index: { type: "integer" },
      parent: contextSchema,
    },
  };
  // Adding properties must not close a context that was open before.
  if (contextSchema.properties === undefined && contextSchema.additionalProperties === undefined) {
    scoped.additionalProperties = true;
  }
  return scoped;
}

type OutputInferrer = (formula: FormulaNode, contextSchema: JsonSchema) => JsonSchema;

const isEmptySchema = (schema: JsonSchema) => Object.keys(schema).length === 0;

function firstInformative(values: unknown[], contextSchema: JsonSchema): JsonSchema {
  for (const value of values) {
    const schema = inferFormulaOutputSchema(value, contextSchema);
    if (!isEmptySchema(schema)) return schema;
  }
  return {};
}

const locatorSchema: OutputInferrer = ({ args }, contextSchema) =>
  typeof args === "string" ? (getSchemaAtLocator(contextSchema, args).schema ?? {}) : {};

const BOOLEAN: OutputInferrer = () => ({ type: "boolean" });

const OUTPUT_SCHEMAS: Record<FormulaName, OutputInferrer> = {
  var: locatorSchema,
  copy: locatorSchema,
  plain: ({ args }) => inferSchemaFromValue(args),
  tpl: () => ({ type: "string" }),
  concat: ({ args }, contextSchema) => {
    const parsed = readConcat(args);
    const parts = (parsed?.values ?? []).map((v) => inferFormulaOutputSchema(v, contextSchema));
    if (parts.length > 0 && parts.every((p) => p.type === "array")) {
      const items = parts.map((p) => p.items).filter((s): s is JsonSchema => isPlainObject(s));
      return items.length ? { type: "array", items: mergeSchemas(items) } : { type: "array" };
    }
    return { type: "string" };
  },
  map: ({ args }, contextSchema) => {
    const parsed = readMap(args);
    return parsed
      ? firstInformative([...parsed.mapping.map((m) => m.to), parsed.default], contextSchema)
      : {};
  },
  case: ({ args }, contextSchema) => {
    const parsed = readCase(args);
    return parsed
      ? firstInformative([...parsed.cases.map((c) => c.value), parsed.default], contextSchema)
      : {};
  },
  firstNotEmpty: ({ args }, contextSchema) => firstInformative(readList(args) ?? [], contextSchema),
  eval: BOOLEAN,
  and: BOOLEAN,
  or: BOOLEAN,
  mergeObjects: ({ args }, contextSchema) => {
    const properties: Record<string, JsonSchema> = {};
    let open = false;
    for (const part of readList(args) ?? []) {
      const schema = inferFormulaOutputSchema(part, contextSchema);
      if (isPlainObject(schema.properties)) Object.assign(properties, schema.properties);
      else open = true;
    }
    // A part of unknown shape may contribute any key, so lookups past the known ones stay lenient.
    return open ? { type: "object", properties, additionalProperties: true } : { type: "object", properties };
  },
  iterate: ({ args }, contextSchema) => {
    const parsed = readIterate(args);
    if (!parsed) return { type: "array" };
    const source = inferFormulaOutputSchema(parsed.source, contextSchema);
    const itemSchema = isPlainObject(source.items) ? source.items : {};
    return {
      type: "array",
      items: inferFormulaOutputSchema(parsed.item, withIterationScope(contextSchema, itemSchema)),
    };
  },
  jsonata: () => ({}),
};

/** Schema of what `evaluateFormulas(value, ctx)` returns when ctx matches `contextSchema`. */
export function inferFormulaOutputSchema(value: unknown, contextSchema: JsonSchema): JsonSchema {
  const formula = matchFormula(value);
  if (formula?.kind === "formula") return OUTPUT_SCHEMAS[formula.name](formula, contextSchema);
  if (formula?.kind === "unknown") return {};
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: "array" };
    return {
      type: "array",
      items: mergeSchemas(value.map((v) => inferFormulaOutputSchema(v, contextSchema))),
    };
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return { type: "object" };
    const properties = Object.fromEntries(
      entries.map(([k, v]) => [k, inferFormulaOutputSchema(v, contextSchema)]),
    );
    return { type: "object", properties };
  }
  return inferSchemaFromValue(value);
}

/** A node's `input` holds each upstream node's output under that node's key. */
export function buildNodeInputSchema(upstreamOutputSchemas: Record<string, JsonSchema>): JsonSchema {
  return { type: "object", properties: { ...upstreamOutputSchemas } };
}
