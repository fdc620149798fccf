import { isPlainObject, type JsonSchema } from "./json-schema";

/**
 * Best-effort union of schemas that describe alternatives of one value (array elements, branches).
 * Same-typed objects merge their properties; mixed scalar types become a type list; otherwise anyOf.
 */
export function mergeSchemas(schemas: JsonSchema[]): JsonSchema {
  // An untyped schema says nothing, so it only matters when nothing else is known (Membrane does the same).
  const typed = schemas.filter((s) => s.type !== undefined || s.anyOf !== undefined);
  if (typed.length === 0) return schemas.length === 1 ? schemas[0] : {};
  const byType = new Map<string, JsonSchema[]>();
  for (const schema of typed) {
    const type = typeKey(schema, typed);
    byType.set(type, [...(byType.get(type) ?? []), schema]);
  }
  const merged = [...byType.entries()].map(([type, group]) => mergeSameType(type, group));
  if (merged.length === 1) return merged[0];
  if (merged.every(isTypeOnly)) return { type: merged.map((s) => s.type as string) };
  return { anyOf: merged };
}

function typeKey(schema: JsonSchema, all: JsonSchema[]): string {
  const type = Array.isArray(schema.type) ? schema.type.join("|") : (schema.type ?? "anyOf");
  // Integers are numbers: a sample of [1, 1.5] is a number array, not integer|number.
  return type === "integer" && all.some((s) => s.type === "number") ? "number" : type;
}

function mergeSameType(type: string, group: JsonSchema[]): JsonSchema {
  if (type === "anyOf") return { anyOf: group.flatMap((s) => (Array.isArray(s.anyOf) ? s.anyOf : [s])) };
  if (group.length === 1) return type === "number" ? { ...group[0], type } : group[0];
  if (type === "object") return mergeObjectSchemas(group);
  if (type === "array") {
    const items = group.map((s) => s.items).filter((s): s is JsonSchema => isPlainObject(s));
    return items.length ? { ...Object.assign({}, ...group), type, items: mergeSchemas(items) } : { type };
  }
  return { ...Object.assign({}, ...group), type: Array.isArray(group[0].type) ? group[0].type : type };
}

function mergeObjectSchemas(group: JsonSchema[]): JsonSchema {
  const byProperty = new Map<string, JsonSchema[]>();
  let open = false;
  for (const schema of group) {
    if (!isPlainObject(schema.properties)) open = true;
    for (const [key, value] of Object.entries(schema.properties ?? {})) {
      byProperty.set(key, [...(byProperty.get(key) ?? []), value]);
    }
  }
  if (byProperty.size === 0) return { type: "object" };
  const properties = Object.fromEntries([...byProperty].map(([key, list]) => [key, mergeSchemas(list)]));
  // One side with unknown properties means any property may exist, so keep lookups lenient.
  return open ? { type: "object", properties, additionalProperties: true } : { type: "object", properties };
}

function isTypeOnly(schema: JsonSchema): boolean {
  const keys = Object.keys(schema);
  return keys.length === 1 && keys[0] === "type" && typeof schema.type === "string";
}
