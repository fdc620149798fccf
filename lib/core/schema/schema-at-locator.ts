import { isPlainObject, schemaAllowsType, type JsonSchema } from "./json-schema";
import { InvalidLocatorError, parseLocator, type LocatorStep } from "./locator";

/**
 * `found`: the locator resolves to `schema`. `open`: some schema on the way does not constrain its
 * children, so the field may well exist at runtime and callers must not report it as missing.
 * Neither flag set means the schema rules the field out (or the locator is malformed).
 */
export type SchemaLookup = { found: boolean; open: boolean; schema?: JsonSchema };

const OPEN: SchemaLookup = { found: false, open: true };
const MISSING: SchemaLookup = { found: false, open: false };

export type SchemaLookupOptions = {
  /** Legacy filter fields step through arrays implicitly (`items.status` = any item's status). */
  fanOut?: boolean;
};

export function getSchemaAtLocator(
  schema: JsonSchema | undefined,
  locator: string,
  options: SchemaLookupOptions = {},
): SchemaLookup {
  let steps: LocatorStep[];
  try {
    steps = parseLocator(locator);
  } catch (err) {
    if (err instanceof InvalidLocatorError) return { ...MISSING };
    throw err;
  }
  return { ...walk(schema, steps, options.fanOut ?? false) };
}

function walk(schema: unknown, steps: LocatorStep[], fanOut: boolean): SchemaLookup {
  // Boolean schemas are legal JSON Schema: `true` accepts anything, `false` nothing.
  if (schema === false) return MISSING;
  if (!isPlainObject(schema)) return OPEN;
  if (steps.length === 0) return { found: true, open: false, schema };
  const variants = combinatorVariants(schema);
  if (variants) {
    const results = variants.map((variant) => walk(variant, steps, fanOut));
    return results.find((r) => r.found) ?? (results.some((r) => r.open) ? OPEN : MISSING);
  }
  const step = steps[0];
  if (fanOut && typeof step === "string" && schema.type === "array" && isPlainObject(schema.items)) {
    return walk(schema.items, steps, fanOut);
  }
  const child = childSchema(schema, step);
  if (child === "open") return OPEN;
  if (child === undefined) return MISSING;
  return walk(child, steps.slice(1), fanOut);
}

/** anyOf/oneOf/allOf branches, plus the schema's own keywords when it declares structure itself. */
function combinatorVariants(schema: JsonSchema): unknown[] | undefined {
  const branches = ["anyOf", "oneOf", "allOf"].flatMap((key) => {
    const value = schema[key];
    return Array.isArray(value) ? value : [];
  });
  if (branches.length === 0) return undefined;
  const own: JsonSchema = Object.fromEntries(
    Object.entries(schema).filter(([key]) => key !== "anyOf" && key !== "oneOf" && key !== "allOf"),
  );
  const ownIsStructural = own.properties !== undefined || own.items !== undefined;
  return ownIsStructural ? [own, ...branches] : branches;
}

function childSchema(schema: JsonSchema, step: LocatorStep): unknown | "open" | undefined {
  const key = String(step);
  if (isPlainObject(schema.properties) && Object.hasOwn(schema.properties, key))
    return schema.properties[key];
  if (typeof step === "number" && schemaAllowsType(schema, "array")) {
    if (Array.isArray(schema.prefixItems) && step < schema.prefixItems.length)
      return schema.prefixItems[step];
    if (schema.items !== undefined) return schema.items;
    if (schema.type !== undefined) return "open";
  }
  if (!schemaAllowsType(schema, "object")) return undefined;
  const extra = schema.additionalProperties;
  if (isPlainObject(extra)) return extra;
  if (extra === false) return undefined;
  if (extra === true || schema.patternProperties !== undefined) return "open";
  return schema.properties === undefined ? "open" : undefined;
}
