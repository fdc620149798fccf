import { isPlainObject } from "../../schema/json-schema";
import { readIterate, readList } from "../args";
import { joinPath } from "../paths";
import { FormulaError, type FormulaDefinition } from "../types";

const ITERATE_SHAPE = "$iterate expects { source, item }";

export const iterateFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parsed = readIterate(args);
    if (!parsed) throw new FormulaError(ITERATE_SHAPE);
    const source = await engine.evaluate(parsed.source, ctx);
    if (source === undefined || source === null) return [];
    if (!Array.isArray(source)) throw new FormulaError("$iterate source must be an array");
    const result: unknown[] = [];
    for (const [index, item] of source.entries()) {
      // `parent` keeps the outer context reachable when iterations nest ($.parent.item).
      result.push(await engine.evaluate(parsed.item, { ...ctx, item, index, parent: ctx }));
    }
    return result;
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$iterate");
    const parsed = readIterate(args);
    if (!parsed) return inspector.issue(argsPath, ITERATE_SHAPE);
    inspector.visit(parsed.source, joinPath(argsPath, "source"));
    inspector.visitIterationItem(parsed.item, joinPath(argsPath, "item"), parsed.source);
  },
};

export const mergeObjectsFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parts = readList(args);
    if (!parts) throw new FormulaError("$mergeObjects expects an array of objects");
    const entries: [string, unknown][] = [];
    for (const part of parts) {
      const value = await engine.evaluate(part, ctx);
      // A missing optional part is normal; merging a string or a list is a config mistake.
      if (value === undefined || value === null) continue;
      if (!isPlainObject(value)) throw new FormulaError("$mergeObjects can only merge objects");
      entries.push(...Object.entries(value));
    }
    // fromEntries defines properties, so a "__proto__" key stays data instead of swapping the prototype.
    return Object.fromEntries(entries);
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$mergeObjects");
    const parts = readList(args);
    if (!parts) return inspector.issue(argsPath, "$mergeObjects expects an array of objects");
    parts.forEach((p, i) => inspector.visit(p, joinPath(argsPath, i)));
  },
};
