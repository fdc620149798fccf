import jsonata from "jsonata";
import { getLocatorValue } from "../locator";
import { joinPath } from "../paths";
import { FormulaError, type FormulaDefinition } from "../types";
import { deepClone } from "../values";

function locatorArg(name: string, args: unknown): string {
  if (typeof args !== "string")
    throw new FormulaError(`$${name} expects a locator string such as "$.input.trigger.id"`);
  return args;
}

export const varFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx) => getLocatorValue(ctx, locatorArg("var", args)),
  inspect: ({ args }, path, inspector) => inspector.locator(path, args),
};

/** Like $var, but the result is detached so later changes to the output never leak into the context. */
export const copyFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx) => deepClone(getLocatorValue(ctx, locatorArg("copy", args))),
  inspect: ({ args }, path, inspector) => inspector.locator(path, args),
};

export const plainFormula: FormulaDefinition = {
  evaluate: async ({ args }) => deepClone(args),
  // Its argument is data, never formulas, so there is nothing to check inside.
  inspect: () => {},
};

// Compiling is the expensive part of jsonata; flows evaluate the same few expressions over and over.
const compiled = new Map<string, jsonata.Expression>();
const CACHE_LIMIT = 500;
// Guards the server against runaway user expressions (e.g. unbounded recursion).
const JSONATA_OPTIONS = { timeout: 5_000, stack: 1_000 };

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) return String(err.message);
  return String(err);
}

function compile(expression: string): jsonata.Expression {
  let expr = compiled.get(expression);
  if (!expr) {
    try {
      expr = jsonata(expression, JSONATA_OPTIONS);
    } catch (err) {
      throw new FormulaError(`Invalid $jsonata expression: ${errorMessage(err)}`);
    }
    if (compiled.size >= CACHE_LIMIT) compiled.delete(compiled.keys().next().value as string);
    compiled.set(expression, expr);
  }
  return expr;
}

export const jsonataFormula: FormulaDefinition = {
  evaluate: async ({ args }, ctx) => {
    if (typeof args !== "string") throw new FormulaError("$jsonata expects an expression string");
    const expr = compile(args);
    try {
      return deepClone(await expr.evaluate(ctx));
    } catch (err) {
      throw new FormulaError(`$jsonata evaluation failed: ${errorMessage(err)}`);
    }
  },
  inspect: ({ args }, path, inspector) => {
    if (typeof args !== "string")
      return inspector.issue(joinPath(path, "$jsonata"), "$jsonata expects an expression string");
    try {
      compile(args);
    } catch (err) {
      inspector.issue(joinPath(path, "$jsonata"), errorMessage(err));
    }
  },
};
