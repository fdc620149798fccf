import { isPlainObject } from "../../schema/json-schema";
import { readConcat, readTpl } from "../args";
import { getLocatorValue, parseContextLocator, readSteps } from "../locator";
import { joinPath } from "../paths";
import { FormulaError, type FormulaDefinition } from "../types";
import { isBlank, toText } from "../values";

const DOUBLE_BRACES = /\{\{\s*([^{}]+?)\s*\}\}/g;
// Membrane's SDK substitutes `{name}`; accepted for values that exist so other braces in text survive.
const DOUBLE_OR_SINGLE = /\{\{\s*([^{}]+?)\s*\}\}|\{([^{}\s"':,]+)\}/g;

function lookupValue(values: unknown, key: string): { found: boolean; value: unknown } {
  if (isPlainObject(values) && Object.hasOwn(values, key)) return { found: true, value: values[key] };
  let value: unknown;
  try {
    value = readSteps(values, parseContextLocator(key));
  } catch {
    return { found: false, value: undefined };
  }
  return { found: value !== undefined, value };
}

const TPL_SHAPE = "$tpl expects a template string or { template, values }";

export const tplFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parsed = readTpl(args);
    if (parsed === undefined) throw new FormulaError(TPL_SHAPE);
    if (typeof parsed === "string")
      return parsed.replace(DOUBLE_BRACES, (_, key: string) => toText(getLocatorValue(ctx, key)));
    const template = await engine.evaluate(parsed.template, ctx);
    if (typeof template !== "string") throw new FormulaError("$tpl template must be a string");
    const values = await engine.evaluate(parsed.values, ctx);
    return template.replace(DOUBLE_OR_SINGLE, (match, double?: string, single?: string) => {
      if (double !== undefined) return toText(lookupValue(values, double).value);
      const hit = lookupValue(values, single ?? "");
      return hit.found ? toText(hit.value) : match;
    });
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$tpl");
    const parsed = readTpl(args);
    if (parsed === undefined) return inspector.issue(argsPath, TPL_SHAPE);
    if (typeof parsed === "string") {
      for (const [, key] of parsed.matchAll(DOUBLE_BRACES)) inspector.locator(path, key);
      return;
    }
    if (typeof parsed.template !== "string") inspector.visit(parsed.template, joinPath(argsPath, "template"));
    if (!isPlainObject(parsed.values))
      inspector.issue(joinPath(argsPath, "values"), "$tpl values must be an object");
    inspector.visit(parsed.values, joinPath(argsPath, "values"));
  },
};

const CONCAT_SHAPE = "$concat expects an array or { values, delimiter }";

export const concatFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parsed = readConcat(args);
    if (!parsed) throw new FormulaError(CONCAT_SHAPE);
    const values: unknown[] = [];
    for (const value of parsed.values) values.push(await engine.evaluate(value, ctx));
    // Missing parts are skipped rather than rendered, so "a, , c" never appears.
    const present = values.filter((v) => !isBlank(v));
    if (present.length > 0 && present.every(Array.isArray)) return present.flat(1);
    const delimiter = toText(await engine.evaluate(parsed.delimiter, ctx));
    return present.map(toText).join(delimiter);
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$concat");
    const parsed = readConcat(args);
    if (!parsed) return inspector.issue(argsPath, CONCAT_SHAPE);
    const valuesPath = Array.isArray(args) ? argsPath : joinPath(argsPath, "values");
    parsed.values.forEach((value, i) => inspector.visit(value, joinPath(valuesPath, i)));
    if (!Array.isArray(args)) inspector.visit(parsed.delimiter, joinPath(argsPath, "delimiter"));
  },
};
