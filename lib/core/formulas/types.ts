import type { JsonSchema } from "../schema/json-schema";
import type { FormulaNode } from "./node";

/** Everything a formula can reference; `$.input.…` reads `input`, `$.item` the current $iterate element. */
export type FormulaContext = {
  input?: unknown;
  user?: unknown;
  flowRun?: unknown;
  flowInstance?: unknown;
  connection?: unknown;
  integration?: unknown;
  parameters?: unknown;
  item?: unknown;
  [k: string]: unknown;
};

/** A config that cannot be evaluated. `path` points at the outermost formula involved, when known. */
export class FormulaError extends Error {
  path?: string;
  constructor(message: string, path?: string) {
    super(message);
    this.name = "FormulaError";
    this.path = path;
  }
}

/** `path` is a dot/bracket path inside the validated value ("" for the value itself). */
export type FormulaIssue = { path: string; message: string };

/** Lets handlers recurse into their arguments without importing the evaluator (avoids an import cycle). */
export interface Engine {
  evaluate(value: unknown, ctx: FormulaContext): Promise<unknown>;
  condition(condition: unknown, ctx: FormulaContext): Promise<boolean>;
}

/** Static walk over a config: validation and locator listing are both built on it. */
export interface Inspector {
  issue(path: string, message: string): void;
  /** A context reference; `fanOut` marks legacy filter fields, which step through arrays implicitly. */
  locator(path: string, locator: unknown, options?: { fanOut?: boolean }): void;
  visit(value: unknown, path: string): void;
  visitCondition(condition: unknown, path: string): void;
  visitIterationItem(item: unknown, path: string, source: unknown): void;
}

export type FormulaDefinition = {
  evaluate(formula: FormulaNode, ctx: FormulaContext, engine: Engine): Promise<unknown>;
  inspect(formula: FormulaNode, path: string, inspector: Inspector): void;
};

export type { JsonSchema };
