import { isPlainObject, type JsonSchema } from "../schema/json-schema";
import { formatLocator, parseLocator, type LocatorStep } from "../schema/locator";

/*
 * What the mapping editor offers as variables and evaluates previews against: the same context the
 * executor builds for formulas ({input, parameters, user, connection, integration, flowInstance, flowRun}).
 */

const str = (title: string): JsonSchema => ({ type: "string", title });

export function formulaContextSchema(opts: {
  inputSchema?: JsonSchema;
  parametersSchema?: JsonSchema;
}): JsonSchema {
  const parameters: JsonSchema = opts.parametersSchema ?? { type: "object" };
  return {
    type: "object",
    properties: {
      input: { type: "object", title: "Input", ...(opts.inputSchema ?? {}) },
      parameters: { ...parameters, type: "object", title: "Parameters" },
      user: {
        type: "object",
        title: "Customer",
        properties: {
          id: str("Id"),
          internalId: str("Internal id"),
          name: str("Name"),
          fields: { type: "object", title: "Fields" },
        },
      },
      connection: { type: "object", title: "Connection", properties: { id: str("Id"), name: str("Name") } },
      integration: {
        type: "object",
        title: "Integration",
        properties: { id: str("Id"), key: str("Key"), name: str("Name") },
      },
      flowInstance: {
        type: "object",
        title: "Flow instance",
        properties: { id: str("Id"), name: str("Name"), parameters: { ...parameters, title: "Parameters" } },
      },
      flowRun: {
        type: "object",
        title: "Flow run",
        properties: { id: str("Id"), startNodeKey: str("Start node") },
      },
    },
  };
}

export type VariableOption = {
  locator: string;
  steps: LocatorStep[];
  /** Human path: ["New contact", "First name"]. */
  labels: string[];
  type: string;
  depth: number;
  /** Key words a search matches: labels, keys and the locator. */
  search: string;
};

export function schemaTypeLabel(s: JsonSchema | undefined): string {
  if (!s) return "any";
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type) return s.type === "integer" ? "number" : s.type;
  if (s.properties) return "object";
  if (Array.isArray(s.enum)) return "enum";
  return "any";
}

const stepLabel = (step: LocatorStep, schema: JsonSchema | undefined, nodeNames?: Record<string, string>) =>
  typeof step === "number"
    ? `item ${step + 1}`
    : (nodeNames?.[step] ?? (typeof schema?.title === "string" && schema.title ? schema.title : step));

/**
 * Every field of the context schema, depth first: the top groups (Input is skipped as a level of its
 * own: upstream nodes come first), then fields. Array items appear as their first element.
 */
export function listVariables(
  contextSchema: JsonSchema,
  nodeNames: Record<string, string> = {},
): VariableOption[] {
  const out: VariableOption[] = [];
  const walk = (schema: JsonSchema, steps: LocatorStep[], labels: string[], depth: number) => {
    const props = isPlainObject(schema.properties) ? schema.properties : undefined;
    const items = schema.type === "array" && isPlainObject(schema.items) ? schema.items : undefined;
    const children: [LocatorStep, JsonSchema][] = props
      ? Object.entries(props)
      : items?.properties
        ? [[0, items]]
        : [];
    for (const [step, child] of children) {
      const childSteps = [...steps, step];
      const isNode = steps.length === 1 && steps[0] === "input";
      const label = stepLabel(step, child, isNode ? nodeNames : undefined);
      const childLabels = [...labels, label];
      const locator = `$.${formatLocator(childSteps)}`;
      out.push({
        locator,
        steps: childSteps,
        labels: childLabels,
        type: schemaTypeLabel(child),
        depth,
        search: [...childLabels, ...childSteps.map(String), locator].join(" ").toLowerCase(),
      });
      if (depth < 6) walk(child, childSteps, childLabels, depth + 1);
    }
  };
  const props = contextSchema.properties ?? {};
  for (const [group, schema] of Object.entries(props)) {
    if (group === "input") walk(schema, ["input"], [], 0);
    else {
      const label = stepLabel(group, schema);
      out.push({
        locator: `$.${group}`,
        steps: [group],
        labels: [label],
        type: schemaTypeLabel(schema),
        depth: 0,
        search: `${label} ${group}`.toLowerCase(),
      });
      walk(schema, [group], [label], 1);
    }
  }
  return out;
}

/** `New contact › First name` for `$.input.trigger.firstName`; unknown fields keep their keys. */
export function variableLabels(
  locator: string,
  contextSchema: JsonSchema | undefined,
  nodeNames: Record<string, string> = {},
): string[] {
  let steps: LocatorStep[];
  try {
    steps = parseLocator(locator);
  } catch {
    return [locator];
  }
  return stepLabels(steps, contextSchema, nodeNames);
}

/**
 * The picker's labels of a parsed locator: field titles, node names (from `nodeNames`, else the title of
 * the node's schema in `input`), keys for what the schema does not know; `input` itself is left out.
 */
export function stepLabels(
  steps: LocatorStep[],
  contextSchema: JsonSchema | undefined,
  nodeNames: Record<string, string> = {},
): string[] {
  if (!steps.length) return ["Everything"];
  const labels: string[] = [];
  let schema: JsonSchema | undefined = contextSchema;
  steps.forEach((step, i) => {
    const props: Record<string, JsonSchema> | undefined = isPlainObject(schema?.properties)
      ? schema.properties
      : undefined;
    const child: JsonSchema | undefined =
      typeof step === "number"
        ? isPlainObject(schema?.items)
          ? schema.items
          : undefined
        : props && Object.hasOwn(props, step)
          ? props[step]
          : undefined;
    const inputNode = i === 1 && steps[0] === "input";
    if (!(i === 0 && step === "input" && steps.length > 1))
      labels.push(stepLabel(step, child, inputNode ? nodeNames : undefined));
    schema = child;
  });
  return labels;
}

/** The schema type of a locator's field, when the context schema knows it. */
export function variableType(locator: string, contextSchema: JsonSchema | undefined): string | undefined {
  let steps: LocatorStep[];
  try {
    steps = parseLocator(locator);
  } catch {
    return undefined;
  }
  let schema: JsonSchema | undefined = contextSchema;
  for (const step of steps) {
    if (!schema) return undefined;
    schema =
      typeof step === "number"
        ? isPlainObject(schema.items)
          ? schema.items
          : undefined
        : isPlainObject(schema.properties) && Object.hasOwn(schema.properties, step)
          ? schema.properties[step]
          : undefined;
  }
  return schema ? schemaTypeLabel(schema) : undefined;
}

/** A field expecting `expected` offered a value of `actual`: worth a warning, never a refusal. */
export function typeMismatch(expected: JsonSchema | undefined, actual: string | undefined): boolean {
  if (!expected || !actual || actual === "any" || actual.includes("|")) return false;
  const want = Array.isArray(expected.type) ? expected.type : expected.type ? [expected.type] : [];
  if (!want.length) return false;
  const norm = want.map((t) => (t === "integer" ? "number" : t));
  if (norm.includes(actual)) return false;
  // Numbers and booleans read fine inside text.
  if (norm.includes("string") && (actual === "number" || actual === "boolean" || actual === "enum"))
    return false;
  return true;
}

/** An example value of a schema, for previews when no run has happened yet. */
export function sampleFromSchema(schema: JsonSchema | undefined, key = "value", depth = 0): unknown {
  if (!schema || depth > 8) return undefined;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object" || (!type && schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const v = sampleFromSchema(s, k, depth + 1);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (type === "array") {
    const item = sampleFromSchema(isPlainObject(schema.items) ? schema.items : undefined, key, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (type === "number" || type === "integer")
    return typeof schema.minimum === "number" ? schema.minimum : 42;
  if (type === "boolean") return true;
  if (type === "string") {
    if (schema.format === "email") return "ada@example.com";
    if (schema.format === "date-time") return "2026-01-15T09:30:00.000Z";
    if (schema.format === "date") return "2026-01-15";
    if (schema.format === "uri" || schema.format === "url") return "https://example.com";
    return typeof schema.title === "string" && schema.title ? schema.title : key;
  }
  return undefined;
}
