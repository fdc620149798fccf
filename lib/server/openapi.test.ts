import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

describe("OpenAPI document", () => {
  it("describes request bodies and queries from the validating zod schemas", () => {
    const doc = openApiDocument("http://x/api");
    const patch = doc.paths["/flow-instances/{id}"].patch as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } };
    };
    expect(Object.keys(patch.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["name", "enabled", "parameters", "nodes"]),
    );
    const list = doc.paths["/flow-instances"].get as { parameters: { name: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["limit", "cursor", "flowKey", "connectionId", "enabled"]),
    );
  });

  it("lists every method of every API route file", () => {
    const doc = openApiDocument("http://x/api");
    const root = path.join(__dirname, "../../app/api");
    const routes = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts"));
    const found: string[] = [];
    const missing: string[] = [];
    for (const file of routes) {
      const p = `/${path.dirname(file)}`.replace(/\[(\w+)\]/g, "{$1}");
      const src = readFileSync(path.join(root, file), "utf8");
      for (const m of src.matchAll(
        /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
      )) {
        const op = `${m[1]} ${p}`;
        found.push(op);
        if (!(doc.paths as Record<string, Record<string, unknown>>)[p]?.[m[1].toLowerCase()])
          missing.push(op);
      }
    }
    expect(found.length).toBeGreaterThan(60);
    expect(missing).toEqual([]);
    expect(found).toContain("PUT /flow-instances/{id}");
  });
});
