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
});
