import { describe, expect, it } from "vitest";
import type { JsonSchema } from "./json-schema";
import { getSchemaAtLocator } from "./schema-at-locator";

const context: JsonSchema = {
  type: "object",
  properties: {
    input: {
      type: "object",
      properties: {
        trigger: {
          type: "object",
          properties: {
            name: { type: "string" },
            tags: { type: "array", items: { type: "string" } },
            lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
            meta: { type: "object" },
            extra: { type: "object", properties: { a: { type: "number" } }, additionalProperties: true },
            dict: { type: "object", additionalProperties: { type: "integer" } },
            choice: {
              anyOf: [
                { type: "object", properties: { x: { type: "string" } } },
                { type: "object", properties: { y: { type: "number" } } },
              ],
            },
          },
        },
      },
    },
    user: {},
  },
};

describe("getSchemaAtLocator", () => {
  it("finds nested properties and array items", () => {
    expect(getSchemaAtLocator(context, "$.input.trigger.name")).toEqual({
      found: true,
      open: false,
      schema: { type: "string" },
    });
    expect(getSchemaAtLocator(context, "input.trigger.tags[3]").schema).toEqual({ type: "string" });
    expect(getSchemaAtLocator(context, "input.trigger.lines.0.sku").schema).toEqual({ type: "string" });
    expect(getSchemaAtLocator(context, "$").schema).toBe(context);
  });

  it("reports fields a closed schema rules out", () => {
    expect(getSchemaAtLocator(context, "$.input.trigger.nope")).toEqual({ found: false, open: false });
    expect(getSchemaAtLocator(context, "input.trigger.name.length")).toEqual({ found: false, open: false });
    expect(getSchemaAtLocator(context, "input.trigger.lines.0.price")).toEqual({ found: false, open: false });
  });

  it("is open below unconstrained schemas", () => {
    expect(getSchemaAtLocator(context, "user.email")).toEqual({ found: false, open: true });
    expect(getSchemaAtLocator(context, "input.trigger.meta.anything.deep")).toEqual({
      found: false,
      open: true,
    });
    expect(getSchemaAtLocator(context, "input.trigger.extra.b")).toEqual({ found: false, open: true });
    expect(getSchemaAtLocator(undefined, "a.b")).toEqual({ found: false, open: true });
    expect(getSchemaAtLocator({}, "a.b")).toEqual({ found: false, open: true });
  });

  it("follows additionalProperties schemas and anyOf branches", () => {
    expect(getSchemaAtLocator(context, "input.trigger.dict.whatever").schema).toEqual({ type: "integer" });
    expect(getSchemaAtLocator(context, "input.trigger.choice.y").schema).toEqual({ type: "number" });
    expect(getSchemaAtLocator(context, "input.trigger.choice.z")).toEqual({ found: false, open: false });
  });

  it("steps through arrays only when asked to fan out", () => {
    expect(getSchemaAtLocator(context, "input.trigger.lines.sku").found).toBe(false);
    expect(getSchemaAtLocator(context, "input.trigger.lines.sku", { fanOut: true }).schema).toEqual({
      type: "string",
    });
  });

  it("treats a malformed locator as not found", () => {
    expect(getSchemaAtLocator(context, "input..trigger")).toEqual({ found: false, open: false });
  });
});
