import { describe, expect, it } from "vitest";
import { evaluateFormulas, FormulaError, getLocatorValue, isFormula, type FormulaContext } from "./index";

const ctx: FormulaContext = {
  input: {
    trigger: {
      name: "Ada",
      last: "Lovelace",
      status: "won",
      amount: 250,
      tags: ["vip", "eu"],
      lines: [
        { sku: "A1", qty: 2 },
        { sku: "B2", qty: 0 },
      ],
      contact: { email: "ada@example.com", phone: null },
      empty: "",
    },
  },
  user: { id: "u1", fields: { tier: "gold" } },
  parameters: { prefix: "ORD" },
};

describe("getLocatorValue", () => {
  it("reads $-prefixed and bare locators with indexes", () => {
    expect(getLocatorValue(ctx, "$.input.trigger.name")).toBe("Ada");
    expect(getLocatorValue(ctx, "input.trigger.name")).toBe("Ada");
    expect(getLocatorValue(ctx, "$.input.trigger.lines[1].sku")).toBe("B2");
    expect(getLocatorValue(ctx, "input.trigger.lines.0.qty")).toBe(2);
    expect(getLocatorValue(ctx, "$")).toBe(ctx);
  });

  it("returns undefined for missing paths and never reads prototypes", () => {
    expect(getLocatorValue(ctx, "input.trigger.nope.deeper")).toBeUndefined();
    expect(getLocatorValue(ctx, "input.trigger.tags.length")).toBeUndefined();
    expect(getLocatorValue(ctx, "input.constructor")).toBeUndefined();
  });

  it("throws FormulaError on malformed locators", () => {
    expect(() => getLocatorValue(ctx, "input..x")).toThrow(FormulaError);
  });
});

describe("isFormula", () => {
  it("recognises known formulas regardless of key order", () => {
    expect(isFormula({ $var: "a" })).toBe(true);
    expect(isFormula({ is: 1, $eval: { $var: "a" } })).toBe(true);
    expect(isFormula({ $var: "a", other: 1 })).toBe(false);
    expect(isFormula({ $nope: 1 })).toBe(false);
    expect(isFormula({ $ref: "#/defs/x" })).toBe(false);
    expect(isFormula("$var")).toBe(false);
    expect(isFormula(null)).toBe(false);
  });
});

describe("evaluateFormulas: structure", () => {
  it("walks objects and arrays and returns primitives as they are", async () => {
    const value = { a: 1, b: [true, null, "x", { c: { $var: "input.trigger.name" } }], d: {} };
    expect(await evaluateFormulas(value, ctx)).toEqual({ a: 1, b: [true, null, "x", { c: "Ada" }], d: {} });
    expect(await evaluateFormulas("plain", ctx)).toBe("plain");
    expect(await evaluateFormulas(42, ctx)).toBe(42);
  });

  it("does not mutate its input and drops keys whose formula yields nothing", async () => {
    const value = { keep: { $var: "input.trigger.name" }, gone: { $var: "input.nope" } };
    const copy = structuredClone(value);
    expect(await evaluateFormulas(value, ctx)).toEqual({ keep: "Ada" });
    expect(value).toEqual(copy);
  });

  it("throws FormulaError for unknown formulas, with the path to it", async () => {
    const err = await evaluateFormulas({ a: [{ $nope: 1 }] }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormulaError);
    expect((err as FormulaError).message).toBe("Unknown formula $nope");
    expect((err as FormulaError).path).toBe("a[0]");
  });

  it("leaves JSON Schema keywords alone", async () => {
    expect(await evaluateFormulas({ schema: { $ref: "#/x" } }, ctx)).toEqual({ schema: { $ref: "#/x" } });
  });
});

describe("$var and $copy", () => {
  it("$var resolves locators, including the whole context", async () => {
    expect(await evaluateFormulas({ $var: "$.input.trigger.amount" }, ctx)).toBe(250);
    expect(await evaluateFormulas({ $var: "user.fields.tier" }, ctx)).toBe("gold");
    expect(await evaluateFormulas({ $var: "$" }, ctx)).toEqual(ctx);
    expect(await evaluateFormulas({ $var: "input.trigger.missing" }, ctx)).toBeUndefined();
  });

  it("$var rejects non-string locators", async () => {
    await expect(evaluateFormulas({ $var: 5 }, ctx)).rejects.toThrow(FormulaError);
  });

  it("$copy returns a detached deep copy", async () => {
    const result = (await evaluateFormulas({ $copy: "input.trigger.contact" }, ctx)) as Record<
      string,
      unknown
    >;
    expect(result).toEqual({ email: "ada@example.com", phone: null });
    result.email = "changed";
    expect(getLocatorValue(ctx, "input.trigger.contact.email")).toBe("ada@example.com");
  });
});

describe("$plain", () => {
  it("returns its argument without evaluating nested formulas", async () => {
    expect(await evaluateFormulas({ $plain: { $var: "input.trigger.name" } }, ctx)).toEqual({
      $var: "input.trigger.name",
    });
  });
});

describe("$tpl", () => {
  it("renders {{key}} from values, which may be formulas", async () => {
    const tpl = {
      $tpl: {
        template: "Hello {{name}} {{ last }}!",
        values: { name: { $var: "input.trigger.name" }, last: "L." },
      },
    };
    expect(await evaluateFormulas(tpl, ctx)).toBe("Hello Ada L.!");
  });

  it("renders missing values as empty text and structures as JSON", async () => {
    const tpl = { $tpl: { template: "[{{missing}}] {{obj}} {{n}}", values: { obj: { a: 1 }, n: 0 } } };
    expect(await evaluateFormulas(tpl, ctx)).toBe('[] {"a":1} 0');
  });

  it("also substitutes Membrane's single-brace {key} for known values only", async () => {
    const tpl = { $tpl: { template: "Hi {name}, {other} stays", values: { name: "Ada" } } };
    expect(await evaluateFormulas(tpl, ctx)).toBe("Hi Ada, {other} stays");
  });

  it("string form resolves locators against the context", async () => {
    expect(
      await evaluateFormulas({ $tpl: "Hi {{$.input.trigger.name}} ({{user.id}}){{input.nope}}" }, ctx),
    ).toBe("Hi Ada (u1)");
  });

  it("rejects malformed arguments", async () => {
    await expect(evaluateFormulas({ $tpl: 3 }, ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateFormulas({ $tpl: { template: 1 } }, ctx)).rejects.toThrow(
      "$tpl template must be a string",
    );
  });
});

describe("$concat", () => {
  it("joins strings, skipping empty parts", async () => {
    const value = {
      $concat: [{ $var: "parameters.prefix" }, "-", { $var: "input.trigger.amount" }, { $var: "input.nope" }],
    };
    expect(await evaluateFormulas(value, ctx)).toBe("ORD-250");
  });

  it("supports a delimiter", async () => {
    const value = {
      $concat: {
        values: [{ $var: "input.trigger.name" }, { $var: "input.trigger.empty" }, "Lovelace"],
        delimiter: ", ",
      },
    };
    expect(await evaluateFormulas(value, ctx)).toBe("Ada, Lovelace");
  });

  it("concatenates arrays when every part is an array", async () => {
    expect(
      await evaluateFormulas(
        { $concat: [{ $var: "input.trigger.tags" }, ["x"], { $var: "input.nope" }] },
        ctx,
      ),
    ).toEqual(["vip", "eu", "x"]);
  });

  it("rejects malformed arguments", async () => {
    await expect(evaluateFormulas({ $concat: "a" }, ctx)).rejects.toThrow(FormulaError);
  });
});

describe("$map", () => {
  const map = (value: unknown, extra: Record<string, unknown> = {}) => ({
    $map: {
      value,
      mapping: [
        { from: "won", to: "Closed Won" },
        { from: 250, to: { $var: "user.id" } },
      ],
      ...extra,
    },
  });

  it("maps a matching value, evaluating `to`", async () => {
    expect(await evaluateFormulas(map({ $var: "input.trigger.status" }), ctx)).toBe("Closed Won");
    expect(await evaluateFormulas(map("250"), ctx)).toBe("u1");
  });

  it("falls back to default, or to nothing", async () => {
    expect(await evaluateFormulas(map("lost", { default: "Other" }), ctx)).toBe("Other");
    expect(await evaluateFormulas(map("lost"), ctx)).toBeUndefined();
  });

  it("rejects malformed arguments", async () => {
    await expect(evaluateFormulas({ $map: { value: 1, mapping: "x" } }, ctx)).rejects.toThrow(FormulaError);
  });
});

describe("$case", () => {
  const cases = {
    $case: {
      cases: [
        { filter: { $eval: { $var: "input.trigger.amount" }, gt: 1000 }, value: "large" },
        {
          filter: [{ field: "$.input.trigger.status", operator: "is", value: "won" }],
          value: { $var: "input.trigger.name" },
        },
      ],
      default: "other",
    },
  };

  it("returns the value of the first matching case", async () => {
    expect(await evaluateFormulas(cases, ctx)).toBe("Ada");
  });

  it("returns the default when nothing matches", async () => {
    const lost = { ...ctx, input: { trigger: { status: "lost", amount: 5 } } };
    expect(await evaluateFormulas(cases, lost)).toBe("other");
  });

  it("accepts a bare array of cases", async () => {
    expect(await evaluateFormulas({ $case: [{ filter: false, value: 1 }, { value: 2 }] }, ctx)).toBe(2);
  });

  it("rejects malformed arguments", async () => {
    await expect(evaluateFormulas({ $case: { cases: "x" } }, ctx)).rejects.toThrow(FormulaError);
  });
});

describe("$firstNotEmpty", () => {
  it("returns the first value that is not null, undefined or empty text", async () => {
    const value = {
      $firstNotEmpty: [
        { $var: "input.nope" },
        { $var: "input.trigger.contact.phone" },
        { $var: "input.trigger.empty" },
        0,
        1,
      ],
    };
    expect(await evaluateFormulas(value, ctx)).toBe(0);
  });

  it("does not evaluate alternatives after the first hit", async () => {
    expect(await evaluateFormulas({ $firstNotEmpty: ["a", { $jsonata: "(" }] }, ctx)).toBe("a");
  });

  it("returns nothing when all are empty", async () => {
    expect(await evaluateFormulas({ $firstNotEmpty: [null, ""] }, ctx)).toBeUndefined();
  });
});

describe("$mergeObjects", () => {
  it("merges shallowly, later keys winning, skipping missing parts", async () => {
    const value = {
      $mergeObjects: [
        { $var: "input.trigger.contact" },
        { $var: "input.nope" },
        { phone: "123", x: { y: 1 } },
      ],
    };
    expect(await evaluateFormulas(value, ctx)).toEqual({
      email: "ada@example.com",
      phone: "123",
      x: { y: 1 },
    });
  });

  it("refuses to merge non-objects", async () => {
    await expect(evaluateFormulas({ $mergeObjects: [{ a: 1 }, "text"] }, ctx)).rejects.toThrow(FormulaError);
  });
});

describe("$iterate", () => {
  it("builds one item per source element with $.item and index", async () => {
    const value = {
      $iterate: {
        source: { $var: "input.trigger.lines" },
        item: { code: { $var: "$.item.sku" }, n: { $var: "index" }, who: { $var: "input.trigger.name" } },
      },
    };
    expect(await evaluateFormulas(value, ctx)).toEqual([
      { code: "A1", n: 0, who: "Ada" },
      { code: "B2", n: 1, who: "Ada" },
    ]);
  });

  it("nests, reaching the outer element through parent", async () => {
    const value = {
      $iterate: {
        source: [
          { g: "a", ids: [1, 2] },
          { g: "b", ids: [3] },
        ],
        item: {
          $iterate: {
            source: { $var: "item.ids" },
            item: { $concat: [{ $var: "parent.item.g" }, { $var: "item" }] },
          },
        },
      },
    };
    expect(await evaluateFormulas(value, ctx)).toEqual([["a1", "a2"], ["b3"]]);
  });

  it("treats a missing source as empty and rejects non-arrays", async () => {
    expect(await evaluateFormulas({ $iterate: { source: { $var: "input.nope" }, item: 1 } }, ctx)).toEqual(
      [],
    );
    await expect(evaluateFormulas({ $iterate: { source: "abc", item: 1 } }, ctx)).rejects.toThrow(
      "$iterate source must be an array",
    );
  });
});

describe("$jsonata", () => {
  it("evaluates against the context (async)", async () => {
    expect(await evaluateFormulas({ $jsonata: "input.trigger.amount * 2" }, ctx)).toBe(500);
    expect(await evaluateFormulas({ $jsonata: "input.trigger.lines[qty > 0].sku" }, ctx)).toBe("A1");
    expect(await evaluateFormulas({ $jsonata: "$count(input.trigger.lines)" }, ctx)).toBe(2);
  });

  it("returns plain arrays", async () => {
    const result = await evaluateFormulas({ $jsonata: "input.trigger.lines.sku" }, ctx);
    expect(result).toEqual(["A1", "B2"]);
    expect(Object.keys(result as object)).toEqual(["0", "1"]);
  });

  it("reports syntax and runtime errors as FormulaError", async () => {
    await expect(evaluateFormulas({ $jsonata: "input.(" }, ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateFormulas({ $jsonata: "$number('x') + $undefinedFn()" }, ctx)).rejects.toThrow(
      FormulaError,
    );
    await expect(evaluateFormulas({ $jsonata: 1 }, ctx)).rejects.toThrow(FormulaError);
  });
});
