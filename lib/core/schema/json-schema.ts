/** The subset of JSON Schema Flowdeck reads; unknown keywords are kept so schemas round-trip untouched. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  format?: string;
  title?: string;
  description?: string;
  [k: string]: unknown;
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True when the schema allows `type` (schemas without a type allow everything). */
export function schemaAllowsType(schema: JsonSchema, type: string): boolean {
  if (schema.type === undefined) return true;
  return Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type;
}
