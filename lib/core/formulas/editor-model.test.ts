import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromEditorModel, splitTemplate, toEditorModel } from "./editor-model";
import { FORMULA_NAMES } from "./node";
import { OPERATOR_NAMES } from "./operators";

const locator = fc
  .array(fc.constantFrom("input", "trigger", "firstName", "items", "0", "a b", "parameters"), {
    minLength: 1,
    maxLength: 4,
  })
  .map((s) => `$.${s.join(".")}`);
const text = fc.string({ maxLength: 12 });
const templateText = fc
  .array(
    fc.oneof(
      text,
      locator.map((l) => `{{${l}}}`),
      locator.map((l) => `{{ ${l} }}`),
      fc.constant("{x}"),
    ),
  )
  .map((p) => p.join(""));

/** Generated formula trees over every formula name the core supports, plus JSON the editor must keep. */
const { tree } = fc.letrec<{ tree: unknown; condition: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }),
    locator.map((l) => ({ $var: l })),
    locator.map((l) => ({ $copy: l })),
    templateText.map((t) => ({ $tpl: t })),
    fc
      .record({
        template: templateText,
        values: fc.dictionary(fc.constantFrom("first", "x", "last"), tie("tree")),
      })
      .map((a) => ({ $tpl: a })),
    fc
      .record({ values: fc.dictionary(fc.constantFrom("x"), tie("tree")), template: text })
      .map((a) => ({ $tpl: a })),
    fc.array(tie("tree"), { maxLength: 3 }).map((a) => ({ $concat: a })),
    fc
      .record({ values: fc.array(tie("tree"), { maxLength: 3 }), delimiter: text })
      .map((a) => ({ $concat: a })),
    fc.array(tie("tree"), { maxLength: 3 }).map((a) => ({ $firstNotEmpty: a })),
    fc.array(tie("tree"), { maxLength: 3 }).map((a) => ({ $mergeObjects: a })),
    fc
      .record({
        value: tie("tree"),
        mapping: fc.array(fc.record({ from: tie("tree"), to: tie("tree") }), { maxLength: 2 }),
        default: tie("tree"),
      })
      .map((a) => ({ $map: a })),
    fc
      .record({
        cases: fc.array(fc.record({ filter: tie("condition"), value: tie("tree") }), { maxLength: 2 }),
      })
      .map((a) => ({ $case: a })),
    fc.record({ source: tie("tree"), item: tie("tree") }).map((a) => ({ $iterate: a })),
    fc.jsonValue({ maxDepth: 2 }).map((v) => ({ $plain: v })),
    text.map((e) => ({ $jsonata: e })),
    tie("condition"),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("tree"), { maxKeys: 3 }),
    fc.array(tie("tree"), { maxLength: 3 }),
    fc.constant({ $unknownThing: 1 }),
    fc.constant({ $var: "$.a", extra: 1 }),
    fc.constant({ $ref: "#/x" }),
  ),
  condition: fc.oneof(
    { depthSize: "small" },
    fc.boolean(),
    fc
      .tuple(tie("tree"), fc.constantFrom(...OPERATOR_NAMES), tie("tree"), fc.boolean())
      .map(([v, op, operand, first]) => (first ? { [op]: operand, $eval: v } : { $eval: v, [op]: operand })),
    fc.array(tie("condition"), { maxLength: 3 }).map((c) => ({ $and: c })),
    fc.array(tie("condition"), { maxLength: 3 }).map((c) => ({ $or: c })),
  ),
}));

const roundTrip = (v: unknown) => fromEditorModel(toEditorModel(v));

describe("mapping editor model", () => {
  it("parse → edit model → serialize is the identity, byte for byte, on generated formula trees", () => {
    fc.assert(
      fc.property(tree, (value) => {
        expect(JSON.stringify(roundTrip(value))).toBe(JSON.stringify(value));
      }),
      { numRuns: 2000 },
    );
  });

  it("covers every formula name the core supports", () => {
    const samples: Record<string, unknown> = {
      var: { $var: "$.input.a" },
      copy: { $copy: "$.input.a" },
      plain: { $plain: { $var: "not a formula here" } },
      tpl: { $tpl: "Hi {{$.input.a}}" },
      concat: { $concat: [{ $var: "$.input.a" }, "x"] },
      map: { $map: { value: 1, mapping: [{ from: 1, to: "one" }] } },
      case: { $case: [{ filter: true, value: 1 }] },
      eval: { $eval: { $var: "$.input.a" }, gte: 10 },
      and: { $and: [true, { $eval: 1, is: 1 }] },
      or: { $or: [false] },
      firstNotEmpty: { $firstNotEmpty: [null, "x"] },
      mergeObjects: { $mergeObjects: [{ a: 1 }] },
      iterate: { $iterate: { source: { $var: "$.input.list" }, item: { id: { $var: "$.item.id" } } } },
      jsonata: { $jsonata: "$sum(input.a)" },
    };
    expect(Object.keys(samples).sort()).toEqual([...FORMULA_NAMES].sort());
    for (const v of Object.values(samples)) {
      const model = toEditorModel(v);
      expect(model.kind).not.toBe("json");
      expect(JSON.stringify(fromEditorModel(model))).toBe(JSON.stringify(v));
    }
  });

  it("reads a hand-written nested $concat of $var and $tpl as chips and functions", () => {
    const value = {
      $concat: {
        values: [{ $var: "$.input.trigger.firstName" }, { $tpl: "({{$.input.trigger.email}})" }],
        delimiter: " ",
      },
    };
    const model = toEditorModel(value);
    expect(model).toMatchObject({ kind: "formula", name: "concat", args: { kind: "object" } });
    const args = (
      model as { args: { entries: { key: string; node: { kind: string; items?: unknown[] } }[] } }
    ).args;
    expect(args.entries[0].node.items).toEqual([
      { kind: "variable", name: "var", locator: "$.input.trigger.firstName" },
      {
        kind: "template",
        form: "string",
        parts: [
          { text: "(" },
          { ref: "{{$.input.trigger.email}}", key: "$.input.trigger.email" },
          { text: ")" },
        ],
        values: [],
        argKeys: [],
        rest: {},
      },
    ]);
  });

  it("single-brace placeholders of object templates become chips for keys that exist, text otherwise", () => {
    expect(splitTemplate("{a} {b}", (k) => k === "a")).toEqual([{ ref: "{a}", key: "a" }, { text: " {b}" }]);
  });
});
