import { inferFormulaOutputSchema, withIterationScope } from "../schema/infer";
import { isPlainObject, type JsonSchema } from "../schema/json-schema";
import { InvalidLocatorError, parseLocator, type LocatorStep } from "../schema/locator";
import { inspectCondition } from "./conditions";
import { matchFormula } from "./node";
import { joinPath } from "./paths";
import { FORMULAS } from "./registry";
import type { Inspector } from "./types";

export type Reference = {
  path: string;
  locator: string;
  steps: LocatorStep[];
  /** Schema of the context the reference is resolved against, when known. */
  contextSchema?: JsonSchema;
  /** Inside an $iterate item, where `item`, `index` and `parent` are the iteration's own. */
  inIteration: boolean;
  fanOut: boolean;
};

export type InspectHooks = {
  issue(path: string, message: string): void;
  reference(reference: Reference): void;
};

function createInspector(
  hooks: InspectHooks,
  contextSchema: JsonSchema | undefined,
  inIteration: boolean,
): Inspector {
  const inspector: Inspector = {
    issue: hooks.issue,
    locator(path, locator, options) {
      if (typeof locator !== "string")
        return hooks.issue(path, 'Expected a locator string such as "$.input.trigger.id"');
      let steps: LocatorStep[];
      try {
        steps = parseLocator(locator);
      } catch (err) {
        if (err instanceof InvalidLocatorError) return hooks.issue(path, err.message);
        throw err;
      }
      hooks.reference({ path, locator, steps, contextSchema, inIteration, fanOut: options?.fanOut ?? false });
    },
    visit(value, path) {
      const formula = matchFormula(value);
      if (formula?.kind === "unknown") return hooks.issue(path, `Unknown formula ${formula.key}`);
      if (formula) return FORMULAS[formula.name].inspect(formula, path, inspector);
      if (Array.isArray(value)) value.forEach((item, i) => inspector.visit(item, joinPath(path, i)));
      else if (isPlainObject(value))
        for (const [key, item] of Object.entries(value)) inspector.visit(item, joinPath(path, key));
    },
    visitCondition(condition, path) {
      inspectCondition(condition, path, inspector);
    },
    visitIterationItem(item, path, source) {
      let itemContext: JsonSchema | undefined;
      if (contextSchema) {
        const sourceSchema = inferFormulaOutputSchema(source, contextSchema);
        itemContext = withIterationScope(
          contextSchema,
          isPlainObject(sourceSchema.items) ? sourceSchema.items : {},
        );
      }
      createInspector(hooks, itemContext, true).visit(item, path);
    },
  };
  return inspector;
}

export function inspectFormulas(value: unknown, hooks: InspectHooks, contextSchema?: JsonSchema): void {
  createInspector(hooks, contextSchema, false).visit(value, "");
}
