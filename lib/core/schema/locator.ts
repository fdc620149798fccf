/**
 * Locators address a value inside a JSON document: `$.input.trigger.items[0].name`, `input.items.0.name`
 * and `$` (the whole document). Numeric segments become numbers so array and schema walks can tell an
 * index from a property name; `\.` escapes a dot inside a property name and `["a.b"]` quotes one.
 */
export type LocatorStep = string | number;

export class InvalidLocatorError extends Error {
  constructor(locator: string, reason: string) {
    super(`Invalid locator "${locator}": ${reason}`);
    this.name = "InvalidLocatorError";
  }
}

const INDEX = /^\d+$/;

function segment(raw: string): LocatorStep {
  return INDEX.test(raw) ? Number(raw) : raw;
}

export function parseLocator(locator: string): LocatorStep[] {
  let rest = locator.trim();
  if (rest.startsWith("$")) rest = rest.slice(1);
  if (rest.startsWith(".")) rest = rest.slice(1);
  const steps: LocatorStep[] = [];
  let current = "";
  let hasCurrent = false;
  // A name must follow the start and every "."; this rejects "a..b" and "a." instead of reading "" keys.
  let needName = rest.length > 0 && !rest.startsWith("[");
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    if (ch === "\\" && i + 1 < rest.length) {
      current += rest[++i];
      hasCurrent = true;
    } else if (ch === ".") {
      if (!hasCurrent && needName) throw new InvalidLocatorError(locator, "empty segment");
      if (hasCurrent) steps.push(segment(current));
      current = "";
      hasCurrent = false;
      needName = true;
    } else if (ch === "[") {
      if (hasCurrent) steps.push(segment(current));
      current = "";
      hasCurrent = false;
      const close = rest.indexOf("]", i);
      if (close === -1) throw new InvalidLocatorError(locator, "missing ]");
      steps.push(bracketStep(locator, rest.slice(i + 1, close)));
      i = close;
      needName = false;
    } else {
      current += ch;
      hasCurrent = true;
    }
  }
  if (hasCurrent) steps.push(segment(current));
  else if (needName) throw new InvalidLocatorError(locator, "empty segment");
  return steps;
}

function bracketStep(locator: string, inner: string): LocatorStep {
  const text = inner.trim();
  if (INDEX.test(text)) return Number(text);
  const quoted = /^(["'])(.*)\1$/.exec(text);
  if (quoted) return quoted[2];
  throw new InvalidLocatorError(locator, `unexpected [${inner}]`);
}

/** Canonical text form without the `$.` prefix, as used in user-facing messages ("input.items[0].name"). */
export function formatLocator(steps: LocatorStep[]): string {
  let out = "";
  for (const step of steps) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  return out;
}
