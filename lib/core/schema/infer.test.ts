import { describe, expect, it } from "vitest";
import { buildNodeInputSchema, inferFormulaOutputSchema, inferSchemaFromValue } from "./infer";
import type { JsonSchema } from "./json-schema";

describe("inferSchemaFromValue", () => {
  it("describes scalars, objects and arrays", () => {
    expect(
      inferSchemaFromValue({ a: "x", n: 1.5, i: 2, b: true, none: null, list: [1, 2.5], empty: [] }),
    ).toEqual({
      type: "object",
      properties: {
        a: { type: "string" },
        n: { type: "number" },
        i: { type: "integer" },
        b: { type: "boolean" },
        none: {},
        list: { type: "array", items: { type: "number" } },
        empty: { type: "array" },
      },
    });
  });

  it("merges the properties of object elements", () => {
    expect(inferSchemaFromValue([{ a: 1 }, { b: "x" }])).toEqual({
      type: "array",
      items: { type: "object", properties: { a: { type: "integer" }, b: { type: "string" } } },
    });
  });

  it("lists mixed scalar types", () => {
    expect(inferSchemaFromValue(["a", 1])).toEqual({ type: "array", items: { type: ["string", "integer"] } });
  });
});

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
            amount: { type: "number" },
            contact: { type: "object", properties: { email: { type: "string" } } },
            lines: {
              type: "array",
              items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } },
            },
          },
        },
      },
    },
  },
};

describe("inferFormulaOutputSchema", () => {
  it("infers a nested tree of literals and formulas", () => {
    const config = {
      title: "Order",
      name: { $var: "$.input.trigger.name" },
      contact: { $copy: "input.trigger.contact" },
      greeting: { $tpl: "Hi {{input.trigger.name}}" },
      label: { $concat: ["#", { $var: "input.trigger.amount" }] },
      big: { $eval: { $var: "input.trigger.amount" }, gt: 100 },
      both: { $and: [true, false] },
      either: { $or: [true] },
      unknownField: { $var: "input.trigger.nope" },
      nested: { deep: [{ $var: "input.trigger.amount" }] },
      skus: { $iterate: { source: { $var: "input.trigger.lines" }, item: { code: { $var: "$.item.sku" } } } },
      raw: { $plain: { $var: "not evaluated" } },
      computed: { $jsonata: "input.trigger.amount * 2" },
    };
    expect(inferFormulaOutputSchema(config, context)).toEqual({
      type: "object",
      properties: {
        title: { type: "string" },
        name: { type: "string" },
        contact: { type: "object", properties: { email: { type: "string" } } },
        greeting: { type: "string" },
        label: { type: "string" },
        big: { type: "boolean" },
        both: { type: "boolean" },
        either: { type: "boolean" },
        unknownField: {},
        nested: { type: "object", properties: { deep: { type: "array", items: { type: "number" } } } },
        skus: {
          type: "array",
          items: { type: "object", properties: { code: { type: "string" } } },
        },
        raw: { type: "object", properties: { $var: { type: "string" } } },
        computed: {},
      },
    });
  });

  it("takes the first informative branch of $map, $case and $firstNotEmpty", () => {
    expect(
      inferFormulaOutputSchema(
        {
          $map: {
            value: { $var: "input.trigger.name" },
            mapping: [
              { from: "a", to: { $var: "x.y" } },
              { from: "b", to: 1 },
            ],
          },
        },
        context,
      ),
    ).toEqual({ type: "integer" });
    expect(
      inferFormulaOutputSchema(
        { $case: { cases: [{ filter: true, value: { $var: "input.trigger.contact" } }] } },
        context,
      ),
    ).toEqual({ type: "object", properties: { email: { type: "string" } } });
    expect(inferFormulaOutputSchema({ $firstNotEmpty: [{ $var: "nope" }, "x"] }, context)).toEqual({
      type: "string",
    });
    expect(inferFormulaOutputSchema({ $case: { cases: [] } }, context)).toEqual({});
  });

  it("merges $mergeObjects properties, staying open when a part is unknown", () => {
    expect(
      inferFormulaOutputSchema({ $mergeObjects: [{ $var: "input.trigger.contact" }, { extra: 1 }] }, context),
    ).toEqual({ type: "object", properties: { email: { type: "string" }, extra: { type: "integer" } } });
    expect(
      inferFormulaOutputSchema({ $mergeObjects: [{ $var: "input.other" }, { extra: 1 }] }, context),
    ).toEqual({
      type: "object",
      properties: { extra: { type: "integer" } },
      additionalProperties: true,
    });
  });

  it("concatenating arrays yields an array", () => {
    const lines = { $var: "input.trigger.lines" };
    expect(inferFormulaOutputSchema({ $concat: [lines, lines] }, context)).toEqual({
      type: "array",
      items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } } },
    });
  });

  it("nested $iterate sees the outer element through parent", () => {
    const ctx: JsonSchema = {
      type: "object",
      properties: {
        groups: {
          type: "array",
          items: {
            type: "object",
            properties: { name: { type: "string" }, ids: { type: "array", items: { type: "integer" } } },
          },
        },
      },
    };
    const config = {
      $iterate: {
        source: { $var: "groups" },
        item: {
          $iterate: {
            source: { $var: "item.ids" },
            item: { id: { $var: "item" }, group: { $var: "parent.item.name" } },
          },
        },
      },
    };
    expect(inferFormulaOutputSchema(config, ctx)).toEqual({
      type: "array",
      items: {
        type: "array",
        items: { type: "object", properties: { id: { type: "integer" }, group: { type: "string" } } },
      },
    });
  });
});

describe("buildNodeInputSchema", () => {
  it("keys upstream outputs by node key", () => {
    const trigger: JsonSchema = { type: "object", properties: { id: { type: "string" } } };
    expect(buildNodeInputSchema({ trigger, other: {} })).toEqual({
      type: "object",
      properties: { trigger, other: {} },
    });
    expect(buildNodeInputSchema({})).toEqual({ type: "object", properties: {} });
  });
});
