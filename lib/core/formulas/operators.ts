import { isPlainObject } from "../schema/json-schema";
import { FormulaError } from "./types";
import { deepEqual, toNumber } from "./values";

/** `value`: compared against; `list`: an array of candidates; `flag`: `true` (or `false` to negate). */
export type OperandKind = "value" | "list" | "flag";

type OperatorSpec = { operand: OperandKind; test: (value: unknown, operand: unknown) => boolean };

/**
 * Equality as people mean it in filters: "5" is 5 and "true" is true (values from forms and query
 * strings arrive as text), null and a missing value are the same, structures compare deeply.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  if (typeof a === "number" || typeof b === "number") {
    const [na, nb] = [toNumber(a), toNumber(b)];
    return na !== undefined && na === nb;
  }
  if (typeof a === "boolean" || typeof b === "boolean") return String(a) === String(b);
  return typeof a === "object" && typeof b === "object" && deepEqual(a, b);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** Numbers compare numerically and ISO dates chronologically; anything else is not ordered. */
function compare(a: unknown, b: unknown): number | undefined {
  const [na, nb] = [toNumber(a), toNumber(b)];
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === "string" && typeof b === "string" && ISO_DATE.test(a) && ISO_DATE.test(b)) {
    const [ta, tb] = [Date.parse(a), Date.parse(b)];
    if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  }
  return undefined;
}

function ordered(check: (diff: number) => boolean): OperatorSpec["test"] {
  return (value, operand) => {
    const diff = compare(value, operand);
    return diff !== undefined && check(diff);
  };
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

/** Arrays look for an equal element; text matches case-insensitively (as Membrane does). */
function contains(value: unknown, operand: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => looseEquals(item, operand));
  if (typeof value === "string" || typeof value === "number") {
    if (operand === undefined || operand === null || typeof operand === "object") return false;
    return String(value).toLowerCase().includes(String(operand).toLowerCase());
  }
  return false;
}

function asList(operand: unknown): unknown[] {
  if (operand === undefined || operand === null) return [];
  return Array.isArray(operand) ? operand : [operand];
}

const OPERATORS: Record<string, OperatorSpec> = {
  is: { operand: "value", test: looseEquals },
  isNot: { operand: "value", test: (v, o) => !looseEquals(v, o) },
  oneOf: { operand: "list", test: (v, o) => asList(o).some((x) => looseEquals(v, x)) },
  noneOf: { operand: "list", test: (v, o) => !asList(o).some((x) => looseEquals(v, x)) },
  contains: { operand: "value", test: contains },
  doesNotContain: { operand: "value", test: (v, o) => !contains(v, o) },
  lt: { operand: "value", test: ordered((d) => d < 0) },
  lte: { operand: "value", test: ordered((d) => d <= 0) },
  gt: { operand: "value", test: ordered((d) => d > 0) },
  gte: { operand: "value", test: ordered((d) => d >= 0) },
  isEmpty: { operand: "flag", test: isEmpty },
  isNotEmpty: { operand: "flag", test: (v) => !isEmpty(v) },
  isTrue: { operand: "flag", test: (v) => v === true || v === "true" },
  isFalse: { operand: "flag", test: (v) => v === false || v === "false" },
};

/** Symbols and the snake_case names used by Membrane's legacy filter lists. */
const ALIASES: Record<string, string> = {
  "=": "is",
  "==": "is",
  "!=": "isNot",
  "<": "lt",
  "<=": "lte",
  ">": "gt",
  ">=": "gte",
  is_not: "isNot",
  is_one_of: "oneOf",
  is_not_one_of: "noneOf",
  does_not_contain: "doesNotContain",
  array_includes: "contains",
  array_does_not_include: "doesNotContain",
  less_than: "lt",
  less_than_or_equal: "lte",
  more_than: "gt",
  more_than_or_equal: "gte",
  is_empty: "isEmpty",
  is_not_empty: "isNotEmpty",
  is_true: "isTrue",
  is_false: "isFalse",
};

export const OPERATOR_NAMES = Object.keys(OPERATORS);

export function findOperator(name: string): OperatorSpec | undefined {
  const canonical = Object.hasOwn(ALIASES, name) ? ALIASES[name] : name;
  return Object.hasOwn(OPERATORS, canonical) ? OPERATORS[canonical] : undefined;
}

export function unknownOperatorMessage(name: string): string {
  return `Unknown operator "${name}" (expected one of ${OPERATOR_NAMES.join(", ")})`;
}

/** Problem with a literal operand, found without evaluating anything. */
export function operandProblem(name: string, operand: unknown): string | undefined {
  const spec = findOperator(name);
  if (spec?.operand === "list" && operand !== undefined && !Array.isArray(operand)) {
    return `Operator "${name}" expects an array of values`;
  }
  if (spec?.operand === "flag" && operand !== undefined && typeof operand !== "boolean") {
    return `Operator "${name}" expects true or false`;
  }
  return undefined;
}

export function applyOperator(name: string, value: unknown, operand: unknown): boolean {
  const spec = findOperator(name);
  if (!spec) throw new FormulaError(unknownOperatorMessage(name));
  if (spec.operand !== "flag") return spec.test(value, operand);
  if (operand !== undefined && typeof operand !== "boolean") {
    throw new FormulaError(`Operator "${name}" expects true or false`);
  }
  // `{ isEmpty: false }` can only mean "is not empty"; ignoring the false would invert the user's intent.
  return operand === false ? !spec.test(value, operand) : spec.test(value, operand);
}
