import { isPlainObject } from "../schema/json-schema";

export const FORMULA_NAMES = [
  "var",
  "copy",
  "plain",
  "tpl",
  "concat",
  "map",
  "case",
  "eval",
  "and",
  "or",
  "firstNotEmpty",
  "mergeObjects",
  "iterate",
  "jsonata",
] as const;

export type FormulaName = (typeof FORMULA_NAMES)[number];

/** A recognised formula: `args` is the value under `$name`; `node` is the whole object ($eval keeps its operator there). */
export type FormulaNode = { name: FormulaName; args: unknown; node: Record<string, unknown> };

export type FormulaMatch = ({ kind: "formula" } & FormulaNode) | { kind: "unknown"; key: string };

const KNOWN = new Set<string>(FORMULA_NAMES);

// JSON Schema keywords legitimately appear as single-key objects inside configs (e.g. an output schema).
const NOT_FORMULAS = new Set(["$ref", "$schema", "$id", "$defs", "$comment", "$anchor", "$dynamicRef"]);

/**
 * Formulas are recognised by key set, not key order: configs round-trip through Postgres jsonb, which
 * reorders keys, so `{ "is": 1, "$eval": x }` must still read as an $eval.
 */
export function matchFormula(value: unknown): FormulaMatch | undefined {
  if (!isPlainObject(value)) return undefined;
  if (Object.hasOwn(value, "$eval")) return { kind: "formula", name: "eval", args: value.$eval, node: value };
  const keys = Object.keys(value);
  if (keys.length !== 1 || !keys[0].startsWith("$") || NOT_FORMULAS.has(keys[0])) return undefined;
  const name = keys[0].slice(1);
  if (!KNOWN.has(name)) return { kind: "unknown", key: keys[0] };
  return { kind: "formula", name: name as FormulaName, args: value[keys[0]], node: value };
}

export function isFormula(value: unknown): boolean {
  return matchFormula(value)?.kind === "formula";
}
