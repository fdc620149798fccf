import type { RJSFSchema, ValidatorType } from "@rjsf/utils";

/*
 * The validator of forms that do not validate (node configs: formulas stand where the schema says "string",
 * and setup validates on the server): rjsf still asks a validator which branch of an anyOf/oneOf/if a value
 * matches, which a shallow check of type, const, enum and required answers. Keeps Ajv (≈40 kB gzip) out
 * of the node panel's chunks; forms that validate load the Ajv validator (schema-form.tsx).
 */
const typeOf = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;

function matches(schema: RJSFSchema | boolean | undefined, value: unknown): boolean {
  if (schema === undefined || schema === true) return true;
  if (schema === false) return false;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.some((x) => x === t || (x === "number" && t === "integer"))) return false;
  }
  if ("const" in schema && schema.const !== value) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value as never)) return false;
  if (Array.isArray(schema.required) && value && typeof value === "object")
    if (!schema.required.every((k) => Object.hasOwn(value, k))) return false;
  if (schema.properties && value && typeof value === "object" && !Array.isArray(value))
    for (const [k, s] of Object.entries(schema.properties))
      if (Object.hasOwn(value, k) && !matches(s as RJSFSchema, (value as Record<string, unknown>)[k]))
        return false;
  return true;
}

export const lightValidator: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: (schema, formData) => matches(schema, formData),
  rawValidation: () => ({ errors: [] }),
};
