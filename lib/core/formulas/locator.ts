import { isPlainObject } from "../schema/json-schema";
import { InvalidLocatorError, parseLocator, type LocatorStep } from "../schema/locator";
import { FormulaError } from "./types";

export function parseContextLocator(locator: string): LocatorStep[] {
  try {
    return parseLocator(locator);
  } catch (err) {
    if (err instanceof InvalidLocatorError) throw new FormulaError(err.message);
    throw err;
  }
}

/** Own properties only, so a locator like `input.constructor` cannot reach into prototypes. */
export function readStep(value: unknown, step: LocatorStep): unknown {
  if (Array.isArray(value)) return typeof step === "number" ? value[step] : undefined;
  if (isPlainObject(value)) {
    const key = String(step);
    return Object.hasOwn(value, key) ? value[key] : undefined;
  }
  return undefined;
}

export function readSteps(value: unknown, steps: LocatorStep[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === undefined || current === null) return undefined;
    current = readStep(current, step);
  }
  return current;
}

/** `"$.input.a.b[0]"`, `"input.a.b.0"` and `"$"` (the whole context). Throws FormulaError on bad syntax. */
export function getLocatorValue(ctx: unknown, locator: string): unknown {
  return readSteps(ctx, parseContextLocator(locator));
}
