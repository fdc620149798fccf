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

  it("gives every operation a success response schema and error schemas, each $ref resolving", () => {
    const doc = openApiDocument("http://x/api");
    const schemas = doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/\w+/g) ?? [];
    expect(refs.length).toBeGreaterThan(100);
    for (const r of refs) expect(schemas[r.split("/").pop()!], r).toBeDefined();
    const bare: string[] = [];
    for (const [p, methods] of Object.entries(doc.paths))
      for (const [m, op] of Object.entries(
        methods as Record<string, { responses: Record<string, unknown> }>,
      )) {
        const codes = Object.keys(op.responses);
        const ok = codes.find((c) => /^2\d\d$/.test(c));
        const content = ok && (op.responses[ok] as { content?: Record<string, unknown> }).content;
        if (!content || !codes.includes("4XX")) bare.push(`${m.toUpperCase()} ${p}`);
      }
    expect(bare).toEqual([]);
    const ok = (p: string, m: string, code = "200") =>
      (doc.paths[p] as Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>)[m]
        .responses[code].content["application/json"];
    expect(ok("/flow-instances", "get")).toEqual({
      schema: { $ref: "#/components/schemas/FlowInstancePage" },
    });
    expect(ok("/flow-instances", "post", "201")).toEqual({
      schema: { $ref: "#/components/schemas/FlowInstance" },
    });
    expect(ok("/flow-runs/{id}", "get")).toEqual({ schema: { $ref: "#/components/schemas/FlowRunDetail" } });
    // The SDK's field names, generated from lib/core/api-shapes.ts.
    expect(Object.keys(schemas.FlowInstance.properties!)).toEqual(
      expect.arrayContaining(["id", "flowId", "connectionId", "userId", "integrationId", "nodes", "enabled"]),
    );
    expect(Object.keys(schemas.FlowRun.properties!)).toEqual(
      expect.arrayContaining(["id", "flowInstanceId", "connectionFlowId", "startNodeKey", "state", "nodes"]),
    );
    expect(schemas.Error).toMatchObject({ required: ["type", "message"] });
  });
});
