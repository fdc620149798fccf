import { isPlainObject } from "../schema/json-schema";
import { evaluateConditionWith } from "./conditions";
import { matchFormula } from "./node";
import { joinPath } from "./paths";
import { FORMULAS } from "./registry";
import { FormulaError, type Engine, type FormulaContext } from "./types";

const engine: Engine = {
  evaluate: (value, ctx) => walk(value, ctx, undefined),
  condition: (condition, ctx) => evaluateConditionWith(condition, ctx, engine),
};

/**
 * `path` is tracked only through plain structure: errors get the path of the outermost formula, which
 * is what a user can find in the config editor. Handlers recurse through `engine` without a path.
 */
async function walk(value: unknown, ctx: FormulaContext, path: string | undefined): Promise<unknown> {
  const formula = matchFormula(value);
  if (formula) {
    try {
      if (formula.kind === "unknown") throw new FormulaError(`Unknown formula ${formula.key}`);
      return await FORMULAS[formula.name].evaluate(formula, ctx, engine);
    } catch (err) {
      if (path !== undefined && err instanceof FormulaError && err.path === undefined) err.path = path;
      throw err;
    }
  }
  const at = (key: string | number) => (path === undefined ? undefined : joinPath(path, key));
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, item] of value.entries()) out.push(await walk(item, ctx, at(i)));
    return out;
  }
  if (isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const result = await walk(item, ctx, at(key));
      // Formulas that resolve to nothing drop their key, as they would when serialised to JSON.
      if (result !== undefined) entries.push([key, result]);
    }
    return Object.fromEntries(entries);
  }
  return value;
}

/** Replaces every formula inside `value` with its result; everything else is copied as is. */
export async function evaluateFormulas(value: unknown, ctx: FormulaContext): Promise<unknown> {
  return walk(value, ctx, "");
}

/** True/false for a boolean, an $eval/$and/$or formula or a legacy filter list; no condition holds. */
export async function evaluateCondition(cond: unknown, ctx: FormulaContext): Promise<boolean> {
  return engine.condition(cond, ctx);
}
