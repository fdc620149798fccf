import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import type { FlowNode, FlowNodes } from "../core/flow";
import { ancestorsOf, parentsOf, topologicalOrder } from "../core/flow";
import type { JsonSchema } from "../core/schema/json-schema";
import { buildNodeInputSchema } from "../core/schema";
import { getNodeType } from "./registry";

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

function configErrors(schema: JsonSchema, config: unknown): { path: string; message: string }[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(config)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    return { path, message: `config${path ? "." + path : ""} ${e.message ?? "is invalid"}` };
  });
}

export type SetupResult = {
  nodes: FlowNodes;
  state: "READY" | "SETUP_FAILED";
  errors: { nodeKey: string; message: string }[];
};

/**
 * Recomputes every node's inputSchema (upstream outputs by key), outputSchema, state and errors.
 * Pure and synchronous so it can run on every save; nodes are visited in topological order.
 */
export function setupNodes(nodes: FlowNodes, parametersSchema?: JsonSchema): SetupResult {
  const order = topologicalOrder(nodes) ?? Object.keys(nodes);
  const parents = parentsOf(nodes);
  const out: FlowNodes = {};
  const outputs: Record<string, JsonSchema> = {};
  const allErrors: { nodeKey: string; message: string }[] = [];
  for (const key of order) {
    const node = nodes[key];
    const type = getNodeType(node.type);
    const upstream: Record<string, JsonSchema> = {};
    for (const a of ancestorsOf(nodes, key, parents)) upstream[a] = outputs[a] ?? {};
    const inputSchema = buildNodeInputSchema(upstream);
    const errors: { message: string; path?: string }[] = [];
    let outputSchema: JsonSchema = {};
    if (!type) {
      errors.push({ message: `Unknown node type "${node.type}"` });
    } else {
      const config = node.config ?? {};
      errors.push(...configErrors(type.configSchema, config));
      const contextSchema: JsonSchema = {
        type: "object",
        properties: {
          input: inputSchema,
          parameters: parametersSchema ?? {},
          user: {},
          connection: {},
          integration: {},
          flowInstance: {},
          flowRun: {},
          item: {},
        },
      };
      try {
        errors.push(...(type.validate?.(config, contextSchema) ?? []));
        outputSchema = type.outputSchema(config, inputSchema);
      } catch (err) {
        errors.push({ message: (err as Error).message });
      }
    }
    outputs[key] = outputSchema;
    const next: FlowNode = {
      ...node,
      inputSchema,
      outputSchema,
      state: errors.length ? "SETUP_FAILED" : "READY",
      errors: errors.length ? errors : undefined,
    };
    if (!errors.length) delete next.errors;
    out[key] = next;
    for (const e of errors) allErrors.push({ nodeKey: key, message: e.message });
  }
  return { nodes: out, state: allErrors.length ? "SETUP_FAILED" : "READY", errors: allErrors };
}
