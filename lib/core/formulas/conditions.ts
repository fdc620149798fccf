import { isPlainObject } from "../schema/json-schema";
import type { LocatorStep } from "../schema/locator";
import { parseContextLocator, readStep } from "./locator";
import { matchFormula } from "./node";
import { applyOperator, findOperator, operandProblem, unknownOperatorMessage } from "./operators";
import { joinPath } from "./paths";
import { FormulaError, type Engine, type FormulaContext, type Inspector } from "./types";

/**
 * A condition is a boolean, an $eval/$and/$or (or any other) formula, a legacy filter list, or absent
 * (absent means "no condition", so it holds).
 */
export async function evaluateConditionWith(
  condition: unknown,
  ctx: FormulaContext,
  engine: Engine,
): Promise<boolean> {
  if (condition === undefined || condition === null) return true;
  if (typeof condition === "boolean") return condition;
  if (Array.isArray(condition)) return matchesFilterList(condition, ctx, engine);
  if (matchFormula(condition)) return Boolean(await engine.evaluate(condition, ctx));
  throw new FormulaError(
    "A condition must be a boolean, a formula such as $eval, or a list of filter conditions",
  );
}

/** Legacy filter lists: `[{ field, operator, value }]`, all of which must hold. */
async function matchesFilterList(list: unknown[], ctx: FormulaContext, engine: Engine): Promise<boolean> {
  for (const item of list) {
    if (!isPlainObject(item))
      throw new FormulaError("A filter condition must be an object { field, operator, value }");
    const { field, operator } = item;
    if (typeof field !== "string") throw new FormulaError("A filter condition needs a field locator");
    const spec = typeof operator === "string" ? findOperator(operator) : undefined;
    if (typeof operator !== "string" || !spec)
      throw new FormulaError(unknownOperatorMessage(String(operator)));
    // Legacy lists give flag operators (is_empty, is_true) no operand; a leftover `value` is meaningless.
    const operand = spec.operand === "flag" ? undefined : await engine.evaluate(item.value, ctx);
    const values = fieldValues(ctx, parseContextLocator(field));
    // As in Membrane, a field that crosses an array matches when any element matches.
    const candidates = values.length ? values : [undefined];
    if (!candidates.some((value) => applyOperator(operator, value, operand))) return false;
  }
  return true;
}

function fieldValues(value: unknown, steps: LocatorStep[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (steps.length === 0) return [value];
  const [step, ...rest] = steps;
  if (Array.isArray(value) && typeof step === "string") return value.flatMap((v) => fieldValues(v, steps));
  return fieldValues(readStep(value, step), rest);
}

export function inspectCondition(condition: unknown, path: string, inspector: Inspector): void {
  if (condition === undefined || condition === null || typeof condition === "boolean") return;
  if (isPlainObject(condition) && matchFormula(condition)) return inspector.visit(condition, path);
  if (!Array.isArray(condition)) {
    return inspector.issue(
      path,
      "A condition must be a boolean, a formula such as $eval, or a list of filter conditions",
    );
  }
  condition.forEach((item, index) => {
    const itemPath = joinPath(path, index);
    if (!isPlainObject(item))
      return inspector.issue(itemPath, "A filter condition must be an object { field, operator, value }");
    if (typeof item.field !== "string")
      inspector.issue(joinPath(itemPath, "field"), "A filter condition needs a field locator");
    else inspector.locator(joinPath(itemPath, "field"), item.field, { fanOut: true });
    const operator = item.operator;
    const spec = typeof operator === "string" ? findOperator(operator) : undefined;
    if (typeof operator !== "string" || !spec) {
      inspector.issue(joinPath(itemPath, "operator"), unknownOperatorMessage(String(operator)));
    } else if (spec.operand !== "flag" && !matchFormula(item.value)) {
      const problem = operandProblem(operator, item.value);
      if (problem) inspector.issue(joinPath(itemPath, "value"), problem);
    }
    inspector.visit(item.value, joinPath(itemPath, "value"));
  });
}
