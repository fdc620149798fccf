import { readCase, readList, readMap } from "../args";
import { matchFormula } from "../node";
import {
  applyOperator,
  findOperator,
  looseEquals,
  operandProblem,
  unknownOperatorMessage,
} from "../operators";
import { joinPath } from "../paths";
import { FormulaError, type FormulaDefinition } from "../types";
import { isBlank } from "../values";

/** The one key next to `$eval` names the operator: `{ "$eval": { "$var": "…" }, "gte": 10 }`. */
function evalOperator(node: Record<string, unknown>): { operator?: string; problem?: string } {
  const keys = Object.keys(node).filter((k) => k !== "$eval");
  if (keys.length === 0)
    return { problem: "$eval needs an operator key next to it, e.g. { $eval: …, is: … }" };
  if (keys.length > 1) return { problem: `$eval takes exactly one operator, got ${keys.join(", ")}` };
  if (!findOperator(keys[0])) return { problem: unknownOperatorMessage(keys[0]) };
  return { operator: keys[0] };
}

export const evalFormula: FormulaDefinition = {
  evaluate: async ({ args, node }, ctx, engine) => {
    const { operator, problem } = evalOperator(node);
    if (!operator) throw new FormulaError(problem ?? "Invalid $eval");
    const value = await engine.evaluate(args, ctx);
    const operand = await engine.evaluate(node[operator], ctx);
    return applyOperator(operator, value, operand);
  },
  inspect: ({ args, node }, path, inspector) => {
    const { operator, problem } = evalOperator(node);
    inspector.visit(args, joinPath(path, "$eval"));
    if (!operator) return inspector.issue(path, problem ?? "Invalid $eval");
    const operandPath = joinPath(path, operator);
    const operand = node[operator];
    const operandIssue = matchFormula(operand) ? undefined : operandProblem(operator, operand);
    if (operandIssue) inspector.issue(operandPath, operandIssue);
    inspector.visit(operand, operandPath);
  },
};

function conditionList(name: "and" | "or", combine: "every" | "some"): FormulaDefinition {
  const shape = `$${name} expects an array of conditions`;
  return {
    evaluate: async ({ args }, ctx, engine) => {
      const conditions = readList(args);
      if (!conditions) throw new FormulaError(shape);
      // Short-circuits like && and ||, so later conditions may rely on earlier ones holding.
      for (const condition of conditions) {
        const holds = await engine.condition(condition, ctx);
        if (combine === "every" && !holds) return false;
        if (combine === "some" && holds) return true;
      }
      return combine === "every";
    },
    inspect: ({ args }, path, inspector) => {
      const argsPath = joinPath(path, `$${name}`);
      const conditions = readList(args);
      if (!conditions) return inspector.issue(argsPath, shape);
      conditions.forEach((c, i) => inspector.visitCondition(c, joinPath(argsPath, i)));
    },
  };
}

export const andFormula = conditionList("and", "every");
export const orFormula = conditionList("or", "some");

const CASE_SHAPE = "$case expects { cases: [{ filter, value }], default }";

export const caseFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parsed = readCase(args);
    if (!parsed) throw new FormulaError(CASE_SHAPE);
    for (const { filter, value } of parsed.cases) {
      if (await engine.condition(filter, ctx)) return engine.evaluate(value, ctx);
    }
    return engine.evaluate(parsed.default, ctx);
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$case");
    const parsed = readCase(args);
    if (!parsed) return inspector.issue(argsPath, CASE_SHAPE);
    const casesPath = Array.isArray(args) ? argsPath : joinPath(argsPath, "cases");
    parsed.cases.forEach(({ filter, value }, i) => {
      inspector.visitCondition(filter, joinPath(joinPath(casesPath, i), "filter"));
      inspector.visit(value, joinPath(joinPath(casesPath, i), "value"));
    });
    inspector.visit(parsed.default, joinPath(argsPath, "default"));
  },
};

const MAP_SHAPE = "$map expects { value, mapping: [{ from, to }], default }";

export const mapFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx, engine) => {
    const parsed = readMap(args);
    if (!parsed) throw new FormulaError(MAP_SHAPE);
    const value = await engine.evaluate(parsed.value, ctx);
    for (const { from, to } of parsed.mapping) {
      if (looseEquals(value, await engine.evaluate(from, ctx))) return engine.evaluate(to, ctx);
    }
    return engine.evaluate(parsed.default, ctx);
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$map");
    const parsed = readMap(args);
    if (!parsed) return inspector.issue(argsPath, MAP_SHAPE);
    inspector.visit(parsed.value, joinPath(argsPath, "value"));
    parsed.mapping.forEach(({ from, to }, i) => {
      inspector.visit(from, joinPath(joinPath(joinPath(argsPath, "mapping"), i), "from"));
      inspector.visit(to, joinPath(joinPath(joinPath(argsPath, "mapping"), i), "to"));
    });
    inspector.visit(parsed.default, joinPath(argsPath, "default"));
  },
};

export const firstNotEmptyFormula: FormulaDefinition = {
  // Evaluated lazily: later alternatives are not computed (nor can fail) once one has a value.
  evaluate: async ({ args }, ctx, engine) => {
    const candidates = readList(args);
    if (!candidates) throw new FormulaError("$firstNotEmpty expects an array of values");
    for (const candidate of candidates) {
      const value = await engine.evaluate(candidate, ctx);
      if (!isBlank(value)) return value;
    }
    return undefined;
  },
  inspect: ({ args }, path, inspector) => {
    const argsPath = joinPath(path, "$firstNotEmpty");
    const candidates = readList(args);
    if (!candidates) return inspector.issue(argsPath, "$firstNotEmpty expects an array of values");
    candidates.forEach((c, i) => inspector.visit(c, joinPath(argsPath, i)));
  },
};
