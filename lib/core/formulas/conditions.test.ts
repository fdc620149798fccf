import { describe, expect, it } from "vitest";
import { evaluateCondition, evaluateFormulas, FormulaError, type FormulaContext } from "./index";

const ctx: FormulaContext = {
  input: {
    trigger: {
      status: "won",
      amount: 250,
      amountText: "250",
      closedAt: "2026-03-01T10:00:00Z",
      tags: ["vip", "eu"],
      title: "Big Deal Inc",
      flag: true,
      empty: "",
      none: null,
      obj: {},
      lines: [{ sku: "A1" }, { sku: "B2" }],
    },
  },
};

const evalOp = (locator: string, operator: string, operand?: unknown) =>
  evaluateFormulas({ $eval: { $var: locator }, [operator]: operand }, ctx);

describe("$eval operators", () => {
  it("is / isNot compare loosely across text and numbers", async () => {
    expect(await evalOp("input.trigger.status", "is", "won")).toBe(true);
    expect(await evalOp("input.trigger.status", "is", "Won")).toBe(false);
    expect(await evalOp("input.trigger.amount", "is", "250")).toBe(true);
    expect(await evalOp("input.trigger.flag", "is", "true")).toBe(true);
    expect(await evalOp("input.trigger.none", "is", null)).toBe(true);
    expect(await evalOp("input.trigger.status", "isNot", "lost")).toBe(true);
    expect(await evalOp("input.trigger.status", "isNot", "won")).toBe(false);
  });

  it("oneOf / noneOf", async () => {
    expect(await evalOp("input.trigger.status", "oneOf", ["lost", "won"])).toBe(true);
    expect(await evalOp("input.trigger.status", "oneOf", ["lost"])).toBe(false);
    expect(await evalOp("input.trigger.status", "noneOf", ["lost"])).toBe(true);
    expect(await evalOp("input.trigger.status", "noneOf", ["won"])).toBe(false);
  });

  it("contains / doesNotContain on text (case-insensitive) and arrays", async () => {
    expect(await evalOp("input.trigger.title", "contains", "deal")).toBe(true);
    expect(await evalOp("input.trigger.title", "contains", "nope")).toBe(false);
    expect(await evalOp("input.trigger.tags", "contains", "vip")).toBe(true);
    expect(await evalOp("input.trigger.tags", "contains", "vi")).toBe(false);
    expect(await evalOp("input.trigger.tags", "doesNotContain", "us")).toBe(true);
    expect(await evalOp("input.trigger.title", "doesNotContain", "Big")).toBe(false);
    expect(await evalOp("input.trigger.missing", "contains", "x")).toBe(false);
  });

  it("lt / lte / gt / gte compare numbers, numeric text and ISO dates", async () => {
    expect(await evalOp("input.trigger.amount", "gt", 100)).toBe(true);
    expect(await evalOp("input.trigger.amount", "gt", 250)).toBe(false);
    expect(await evalOp("input.trigger.amount", "gte", 250)).toBe(true);
    expect(await evalOp("input.trigger.amountText", "lt", 1000)).toBe(true);
    expect(await evalOp("input.trigger.amount", "lt", 250)).toBe(false);
    expect(await evalOp("input.trigger.amount", "lte", "250")).toBe(true);
    expect(await evalOp("input.trigger.closedAt", "gt", "2026-01-01")).toBe(true);
    expect(await evalOp("input.trigger.closedAt", "lt", "2026-01-01")).toBe(false);
    expect(await evalOp("input.trigger.status", "gt", 1)).toBe(false);
    expect(await evalOp("input.trigger.missing", "lt", 1)).toBe(false);
  });

  it("isEmpty / isNotEmpty take true, and false negates", async () => {
    expect(await evalOp("input.trigger.empty", "isEmpty", true)).toBe(true);
    expect(await evalOp("input.trigger.none", "isEmpty", true)).toBe(true);
    expect(await evalOp("input.trigger.obj", "isEmpty", true)).toBe(true);
    expect(await evalOp("input.trigger.missing", "isEmpty", true)).toBe(true);
    expect(await evalOp("input.trigger.tags", "isEmpty", true)).toBe(false);
    expect(await evalOp("input.trigger.tags", "isNotEmpty", true)).toBe(true);
    expect(await evalOp("input.trigger.empty", "isNotEmpty", true)).toBe(false);
    expect(await evalOp("input.trigger.empty", "isEmpty", false)).toBe(false);
  });

  it("evaluates the operand as a formula too", async () => {
    expect(
      await evaluateFormulas(
        { $eval: { $var: "input.trigger.amountText" }, is: { $var: "input.trigger.amount" } },
        ctx,
      ),
    ).toBe(true);
  });

  it("reads the operator whatever the key order (jsonb reorders keys)", async () => {
    expect(await evaluateFormulas({ is: "won", $eval: { $var: "input.trigger.status" } }, ctx)).toBe(true);
  });

  it("throws for unknown, missing or multiple operators instead of passing", async () => {
    await expect(evalOp("input.trigger.status", "equalsIgnoreCase", "won")).rejects.toThrow(
      /Unknown operator "equalsIgnoreCase"/,
    );
    await expect(evaluateFormulas({ $eval: "x" }, ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateFormulas({ $eval: "x", is: "x", isNot: "y" }, ctx)).rejects.toThrow(FormulaError);
    await expect(evalOp("input.trigger.empty", "isEmpty", "yes")).rejects.toThrow(FormulaError);
  });
});

describe("$and / $or", () => {
  const yes = { $eval: { $var: "input.trigger.status" }, is: "won" };
  const no = { $eval: { $var: "input.trigger.status" }, is: "lost" };

  it("combine conditions", async () => {
    expect(await evaluateFormulas({ $and: [yes, yes] }, ctx)).toBe(true);
    expect(await evaluateFormulas({ $and: [yes, no] }, ctx)).toBe(false);
    expect(await evaluateFormulas({ $or: [no, yes] }, ctx)).toBe(true);
    expect(await evaluateFormulas({ $or: [no, no] }, ctx)).toBe(false);
    expect(await evaluateFormulas({ $and: [] }, ctx)).toBe(true);
    expect(await evaluateFormulas({ $or: [] }, ctx)).toBe(false);
  });

  it("nest, and accept booleans and legacy lists as conditions", async () => {
    const legacy = [{ field: "input.trigger.amount", operator: ">", value: 100 }];
    expect(await evaluateFormulas({ $and: [true, { $or: [no, legacy] }] }, ctx)).toBe(true);
  });

  it("short-circuit", async () => {
    expect(await evaluateFormulas({ $or: [yes, { $eval: 1, bogus: 1 }] }, ctx)).toBe(true);
    expect(await evaluateFormulas({ $and: [no, { $eval: 1, bogus: 1 }] }, ctx)).toBe(false);
  });

  it("reject non-array arguments", async () => {
    await expect(evaluateFormulas({ $and: yes }, ctx)).rejects.toThrow("$and expects an array of conditions");
  });
});

describe("evaluateCondition", () => {
  it("treats no condition as holding and passes booleans through", async () => {
    expect(await evaluateCondition(undefined, ctx)).toBe(true);
    expect(await evaluateCondition(null, ctx)).toBe(true);
    expect(await evaluateCondition(true, ctx)).toBe(true);
    expect(await evaluateCondition(false, ctx)).toBe(false);
  });

  it("evaluates formulas to booleans", async () => {
    expect(await evaluateCondition({ $eval: { $var: "input.trigger.amount" }, gte: 250 }, ctx)).toBe(true);
    expect(await evaluateCondition({ $var: "input.trigger.flag" }, ctx)).toBe(true);
    expect(await evaluateCondition({ $var: "input.trigger.missing" }, ctx)).toBe(false);
  });

  it("rejects values that are not conditions", async () => {
    await expect(evaluateCondition("yes", ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateCondition({ status: "won" }, ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateCondition({ $nope: 1 }, ctx)).rejects.toThrow("Unknown formula $nope");
  });
});

describe("legacy filter lists", () => {
  it("AND all conditions", async () => {
    const filter = [
      { field: "$.input.trigger.status", operator: "is", value: "won" },
      { field: "input.trigger.amount", operator: "gte", value: 100 },
    ];
    expect(await evaluateCondition(filter, ctx)).toBe(true);
    expect(
      await evaluateCondition(
        [...filter, { field: "input.trigger.tags", operator: "contains", value: "us" }],
        ctx,
      ),
    ).toBe(false);
    expect(await evaluateCondition([], ctx)).toBe(true);
  });

  it("accept = and != and Membrane's snake_case names", async () => {
    expect(
      await evaluateCondition([{ field: "input.trigger.status", operator: "=", value: "won" }], ctx),
    ).toBe(true);
    expect(
      await evaluateCondition([{ field: "input.trigger.status", operator: "!=", value: "won" }], ctx),
    ).toBe(false);
    expect(
      await evaluateCondition(
        [{ field: "input.trigger.status", operator: "is_one_of", value: ["won"] }],
        ctx,
      ),
    ).toBe(true);
    expect(await evaluateCondition([{ field: "input.trigger.empty", operator: "is_empty" }], ctx)).toBe(true);
    expect(
      await evaluateCondition([{ field: "input.trigger.amount", operator: "less_than", value: 10 }], ctx),
    ).toBe(false);
  });

  it("evaluate formula values", async () => {
    const filter = [
      { field: "input.trigger.amountText", operator: "is", value: { $var: "input.trigger.amount" } },
    ];
    expect(await evaluateCondition(filter, ctx)).toBe(true);
  });

  it("match a field across an array when any element matches", async () => {
    expect(
      await evaluateCondition([{ field: "input.trigger.lines.sku", operator: "is", value: "B2" }], ctx),
    ).toBe(true);
    expect(
      await evaluateCondition([{ field: "input.trigger.lines.sku", operator: "is", value: "C3" }], ctx),
    ).toBe(false);
  });

  it("throw on unknown operators and malformed entries", async () => {
    await expect(
      evaluateCondition([{ field: "input.trigger.status", operator: "like", value: "w" }], ctx),
    ).rejects.toThrow(/Unknown operator "like"/);
    await expect(evaluateCondition([{ operator: "is", value: 1 }], ctx)).rejects.toThrow(FormulaError);
    await expect(evaluateCondition(["x"], ctx)).rejects.toThrow(FormulaError);
  });
});
