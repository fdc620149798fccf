import type { JsonSchema } from "./json-schema";

const typeName = (s: JsonSchema): string => {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return s.type ?? "any";
};

/**
 * A JSON Schema written as the shape of the value a program receives, e.g.
 * `{ trigger: { email: string; tags: string[] } }`, indented two spaces per level (for code editors' hints).
 */
export function schemaShape(schema: JsonSchema | undefined, indent = 0, depth = 0): string {
  if (!schema || typeof schema !== "object") return "any";
  if (depth > 6) return "…";
  const type = Array.isArray(schema.type) ? undefined : schema.type;
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if ((type === "object" || (!type && props)) && props && Object.keys(props).length) {
    const pad = "  ".repeat(indent + 1);
    const lines = Object.entries(props).map(([k, s]) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      return `${pad}${key}: ${schemaShape(s, indent + 1, depth + 1)};`;
    });
    return `{\n${lines.join("\n")}\n${"  ".repeat(indent)}}`;
  }
  if (type === "array") {
    const item = schemaShape((schema.items as JsonSchema | undefined) ?? {}, indent, depth + 1);
    return item.includes("|") ? `(${item})[]` : `${item}[]`;
  }
  if (type === "object") return "object";
  return typeName(schema);
}
