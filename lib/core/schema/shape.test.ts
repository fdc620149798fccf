import { describe, expect, it } from "vitest";
import { schemaShape } from "./shape";

describe("schemaShape", () => {
  it("writes nested objects, arrays and enums as a value's shape", () => {
    expect(
      schemaShape({
        type: "object",
        properties: {
          trigger: {
            type: "object",
            properties: { email: { type: "string" }, "first-name": { type: "string" } },
          },
          tags: { type: "array", items: { type: "string" } },
          mode: { enum: ["a", "b"] },
        },
      }),
    ).toBe(
      '{\n  trigger: {\n    email: string;\n    "first-name": string;\n  };\n  tags: string[];\n  mode: "a" | "b";\n}',
    );
  });

  it("says any for an empty schema and object for a free-form one", () => {
    expect(schemaShape(undefined)).toBe("any");
    expect(schemaShape({ type: "object" })).toBe("object");
  });
});
