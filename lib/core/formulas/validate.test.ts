import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../schema/json-schema";
import { listVarLocators, validateFormulas } from "./index";

const contextSchema: JsonSchema = {
  type: "object",
  properties: {
    input: {
      type: "object",
      properties: {
        trigger: {
          type: "object",
          // setup titles each upstream node's schema with the node's name
          title: "Start",
          properties: {
            name: { type: "string", title: "Name" },
            lines: { type: "array", items: { type: "object", properties: { sku: { type: "string" } } } },
            payload: { type: "object" },
          },
        },
        http: {},
      },
    },
    user: {},
  },
};

describe("validateFormulas: formula shapes", () => {
  it("accepts a well-formed tree", () => {
    const value = {
      a: { $var: "input.trigger.name" },
      b: { $tpl: { template: "Hi {{n}}", values: { n: { $var: "input.trigger.name" } } } },
      c: {
        $case: {
          cases: [
            { filter: { $and: [{ $eval: { $var: "input.trigger.name" }, isNotEmpty: true }] }, value: 1 },
          ],
        },
      },
      d: { $jsonata: "input.trigger.name & '!'" },
      e: { $plain: { $whatever: 1 } },
    };
    expect(validateFormulas(value, contextSchema)).toEqual([]);
  });

  it("reports unknown formulas with their path", () => {
    expect(validateFormulas({ a: [{ x: { $varr: "input" } }] })).toEqual([
      { path: "a[0].x", message: "Unknown formula $varr" },
    ]);
  });

  it("reports unknown, missing and extra $eval operators", () => {
    expect(validateFormulas({ f: { $eval: { $var: "a" }, equals: 1 } })).toEqual([
      { path: "f", message: expect.stringContaining('Unknown operator "equals"') },
    ]);
    expect(validateFormulas({ $eval: 1 })).toEqual([
      { path: "", message: expect.stringContaining("needs an operator") },
    ]);
    expect(validateFormulas({ $eval: 1, is: 1, lt: 2 })).toEqual([
      { path: "", message: "$eval takes exactly one operator, got is, lt" },
    ]);
  });

  it("reports malformed arguments", () => {
    const issues = validateFormulas({
      a: { $concat: "x" },
      b: { $map: { value: 1, mapping: {} } },
      c: { $case: { cases: 1 } },
      d: { $and: {} },
      e: { $iterate: [] },
      f: { $jsonata: "a.(" },
      g: { $tpl: 5 },
      h: { $var: 1 },
      i: { $eval: 1, oneOf: "x" },
      j: { $eval: 1, isEmpty: "yes" },
      k: { $var: "a..b" },
    });
    expect(issues.map((i) => i.path)).toEqual([
      "a.$concat",
      "b.$map",
      "c.$case",
      "d.$and",
      "e.$iterate",
      "f.$jsonata",
      "g.$tpl",
      "h",
      "i.oneOf",
      "j.isEmpty",
      "k",
    ]);
  });

  it("checks conditions inside $case, $and and legacy filter lists", () => {
    const issues = validateFormulas({
      $case: {
        cases: [
          { filter: [{ field: "input.trigger.name", operator: "resembles", value: "x" }], value: 1 },
          { filter: { $or: ["yes"] }, value: 2 },
        ],
      },
    });
    expect(issues).toEqual([
      {
        path: "$case.cases[0].filter[0].operator",
        message: expect.stringContaining('Unknown operator "resembles"'),
      },
      { path: "$case.cases[1].filter.$or[0]", message: expect.stringContaining("A condition must be") },
    ]);
  });
});

describe("validateFormulas: context schema", () => {
  it("reports fields the schema does not have", () => {
    expect(validateFormulas({ x: { $var: "$.input.trigger.foo" } }, contextSchema)).toEqual([
      { path: "x", message: "Start › foo is not in the input" },
    ]);
    expect(validateFormulas({ $var: "input.nodeX.id" }, contextSchema)).toEqual([
      { path: "", message: "nodeX › id is not in the input" },
    ]);
  });

  it("checks $copy, string $tpl placeholders, $tpl values and legacy fields", () => {
    const issues = validateFormulas(
      {
        a: { $copy: "input.trigger.nope" },
        b: { $tpl: "Hi {{input.trigger.name}} {{input.trigger.first}}" },
        c: { $tpl: { template: "{{x}}", values: { x: { $var: "input.trigger.last" } } } },
        d: [{ field: "input.trigger.lines.sku", operator: "is", value: 1 }],
      },
      contextSchema,
    );
    expect(issues).toEqual([
      { path: "a", message: "Start › nope is not in the input" },
      { path: "b", message: "Start › first is not in the input" },
      { path: "c.$tpl.values.x", message: "Start › last is not in the input" },
    ]);
  });

  it("checks legacy filter fields, stepping through arrays", () => {
    const filter = [
      { field: "input.trigger.lines.sku", operator: "is", value: 1 },
      { field: "input.trigger.lines.price", operator: "is", value: 1 },
    ];
    expect(validateFormulas({ $and: [filter] }, contextSchema)).toEqual([
      { path: "$and[0][1].field", message: "Start › lines › price is not in the input" },
    ]);
  });

  it("does not complain below open schemas", () => {
    const value = [
      { $var: "user.anything" },
      { $var: "input.http.response.body" },
      { $var: "input.trigger.payload.deep.field" },
      { $var: "input.trigger.lines[0].sku" },
    ];
    expect(validateFormulas(value, contextSchema)).toEqual([]);
    expect(validateFormulas(value, {})).toEqual([]);
  });

  it("names fields outside the input by their group", () => {
    expect(
      validateFormulas(
        { $var: "parameters.region" },
        {
          type: "object",
          properties: { parameters: { type: "object", title: "Parameters", properties: {} } },
        },
      ),
    ).toEqual([{ path: "", message: "Parameters › region is not in the flow's parameters" }]);
  });

  it("skips field checks without a schema", () => {
    expect(validateFormulas({ $var: "anything.at.all" })).toEqual([]);
  });

  it("resolves $.item inside $iterate against the source's items", () => {
    const value = {
      $iterate: {
        source: { $var: "input.trigger.lines" },
        item: {
          sku: { $var: "item.sku" },
          price: { $var: "$.item.price" },
          name: { $var: "input.trigger.name" },
        },
      },
    };
    expect(validateFormulas(value, contextSchema)).toEqual([
      { path: "$iterate.item.price", message: "item › price is not in the list's items" },
    ]);
  });
});

describe("listVarLocators", () => {
  it("lists every context reference once, in order", () => {
    const value = {
      a: { $var: "$.input.trigger.name" },
      b: [{ $copy: "user.id" }, { $var: "$.input.trigger.name" }],
      c: { $tpl: "{{ parameters.x }} and {{input.y}}" },
      d: {
        $case: {
          cases: [{ filter: [{ field: "input.status", operator: "is", value: { $var: "parameters.s" } }] }],
        },
      },
      e: { $eval: { $var: "input.amount" }, gt: { $var: "parameters.min" } },
      f: { $plain: { $var: "not.a.reference" } },
    };
    expect(listVarLocators(value)).toEqual([
      "$.input.trigger.name",
      "user.id",
      "parameters.x",
      "input.y",
      "input.status",
      "parameters.s",
      "input.amount",
      "parameters.min",
    ]);
  });

  it("leaves out an $iterate's own item references but keeps context ones", () => {
    const value = {
      $iterate: {
        source: { $var: "input.lines" },
        item: { a: { $var: "item.sku" }, b: { $var: "input.name" }, c: { $var: "index" } },
      },
    };
    expect(listVarLocators(value)).toEqual(["input.lines", "input.name"]);
  });

  it("returns nothing for literal values", () => {
    expect(listVarLocators({ a: 1, b: ["x", { c: null }] })).toEqual([]);
  });
});
