import type { JsonSchema } from "@/lib/core/schema";

type Ui = Record<string, unknown>;

const SCALARS = new Set(["string", "number", "integer", "boolean"]);

/** A value built from formulas ({"$var": …}, {"$tpl": …}) cannot be edited by a typed widget. */
export function isFormula(value: unknown): boolean {
  return (
    !!value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.keys(value).some((k) => k.startsWith("$"))
  );
}

/** `x-editor` hints of config schemas → the rjsf field (rjsf-theme.tsx) that edits the value. */
const EDITOR_HINTS: Record<string, string> = {
  condition: "condition",
  "key-value": "keyValue",
  list: "list",
  code: "code",
  schema: "schema",
  node: "node",
  json: "json",
  value: "value",
};

/**
 * Picks a widget per field: typed widgets for plain scalars and objects with known properties, and the
 * JSON editor for free-form values, arrays and anything currently holding a formula.
 */
export function buildUiSchema(schema: JsonSchema | undefined, value: unknown, key?: string): Ui {
  if (!schema || typeof schema !== "object") return { "ui:field": "value" };
  // An explicit editor hint wins over the field's name and what the value currently holds.
  const hint = EDITOR_HINTS[schema["x-editor"] as string];
  if (hint) return { "ui:field": hint };
  // Schemas (JSON Schema documents) are data, not mappings: edited as a list of fields.
  if (key && /schema$/i.test(key)) return { "ui:field": "schema" };
  if (isFormula(value)) return { "ui:field": "value" };
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (type === "object" && props && Object.keys(props).length) {
    const out: Ui = {};
    const obj = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    for (const [k, s] of Object.entries(props)) out[k] = buildUiSchema(s, obj[k], k);
    if (schema.additionalProperties) out["ui:options"] = { expandable: false };
    return out;
  }
  if (Array.isArray(schema.enum)) return {};
  if (typeof type === "string" && SCALARS.has(type)) {
    if (
      type === "string" &&
      (key === "code" ||
        key === "template" ||
        (typeof schema.default === "string" && schema.default.includes("\n")))
    )
      return { "ui:widget": "textarea", "ui:options": { rows: 10, code: true } };
    return {};
  }
  return { "ui:field": "value" };
}
