import { getSchemaAtLocator } from "../schema/schema-at-locator";
import type { JsonSchema } from "../schema/json-schema";
import type { LocatorStep } from "../schema/locator";
import { stepLabels } from "./editor-context";
import { inspectFormulas } from "./inspect";
import type { FormulaIssue } from "./types";

/**
 * Static checks of a config value: unknown formulas and operators, malformed arguments, and (given the
 * context schema) references to fields the schema rules out. Fields under open schemas are trusted.
 */
export function validateFormulas(value: unknown, contextSchema?: JsonSchema): FormulaIssue[] {
  const issues: FormulaIssue[] = [];
  inspectFormulas(
    value,
    {
      issue: (path, message) => issues.push({ path, message }),
      reference: ({ path, locator, steps, contextSchema: scope, fanOut }) => {
        if (!scope || steps.length === 0) return;
        const lookup = getSchemaAtLocator(scope, locator, { fanOut });
        if (!lookup.found && !lookup.open) issues.push({ path, message: missingFieldMessage(steps, scope) });
      },
    },
    contextSchema,
  );
  return issues;
}

const ITERATION_KEYS = new Set<unknown>(["item", "index", "parent"]);

/**
 * Every context reference in `value`: $var and $copy locators, `{{…}}` placeholders of string $tpl and
 * legacy filter fields, in order of appearance, without duplicates. References to an $iterate's own
 * element (`$.item…` inside its `item`) are left out: they do not point into the flow's context.
 */
export function listVarLocators(value: unknown): string[] {
  const found = new Set<string>();
  inspectFormulas(value, {
    issue: () => {},
    reference: ({ locator, steps, inIteration }) => {
      if (!(inIteration && ITERATION_KEYS.has(steps[0]))) found.add(locator);
    },
  });
  return [...found];
}

const WHERE: Record<string, string> = {
  input: "the input",
  parameters: "the flow's parameters",
  item: "the list's items",
};

/**
 * "Start › lastName is not in the input": the field named as the variable picker shows it (node names are
 * the titles of the context schema's `input` properties, as setup passes them), for the people who map.
 */
export function missingFieldMessage(steps: LocatorStep[], contextSchema?: JsonSchema): string {
  const where = WHERE[String(steps[0])] ?? "the data this step can use";
  return `${stepLabels(steps, contextSchema).join(" › ")} is not in ${where}`;
}
