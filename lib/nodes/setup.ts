import { Ajv, type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import type { FlowNode, FlowNodes } from "../core/flow";
import { parentsOf, topologicalOrder } from "../core/flow";
import type { JsonSchema } from "../core/schema/json-schema";
import { getNodeType } from "./registry";
import { forEachIterationSchema } from "./for-each";

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
  // A for-each node starts its sub-flow at config.rootNodeKey without a link; for schemas that is an edge
  // whose data is the current {item, index} rather than the node's final output.
  const withLoops: FlowNodes = {};
  const loopOf = new Map<string, string>();
  for (const [key, node] of Object.entries(nodes)) {
    const root = node.config?.rootNodeKey;
    const isLoop =
      (node.type === "for-each-v2" || node.type === "for-each") && typeof root === "string" && root in nodes;
    withLoops[key] = isLoop ? { ...node, links: [...(node.links ?? []), { key: root as string }] } : node;
    if (isLoop) for (const k of [root as string, ...descendantsOf(nodes, root as string)]) loopOf.set(k, key);
  }
  const order = topologicalOrder(withLoops) ?? topologicalOrder(nodes) ?? Object.keys(nodes);
  const parents = parentsOf(withLoops);
  const iteration: Record<string, JsonSchema> = {};
  // Ancestor sets as bitsets over topological positions (one OR per parent): a 500-node chain needs
  // 125k ancestor entries, which Set copies made the slowest part of setup.
  const position = new Map<string, number>();
  order.forEach((k, i) => position.set(k, i));
  const words = (order.length + 31) >>> 5;
  const ancestors: Uint32Array[] = [];
  const out: FlowNodes = {};
  const outputs: Record<string, JsonSchema> = {};
  // The same schemas titled with their node's name, for the formula checks: their messages name a field as
  // the console's variable picker does ("Start › email"). Made once per node, not per (node, ancestor).
  const named = new Map<string, JsonSchema>();
  const titled = (key: string, schema: JsonSchema, asLoop: boolean) => {
    const id = asLoop ? `loop:${key}` : key;
    let t = named.get(id);
    if (!t) named.set(id, (t = { ...schema, title: nodes[key]?.name ?? key }));
    return t;
  };
  const allErrors: { nodeKey: string; message: string }[] = [];
  for (let i = 0; i < order.length; i++) {
    const key = order[i];
    const node = nodes[key];
    const type = getNodeType(node.type);
    // Ancestors are accumulated along the topological order (each node's = its parents' plus the parents).
    const anc = new Uint32Array(words);
    for (const p of parents.get(key) ?? []) {
      const pi = position.get(p);
      if (pi === undefined) continue;
      anc[pi >>> 5] |= 1 << (pi & 31);
      const pa = ancestors[pi];
      if (pa) for (let w = 0; w < words; w++) anc[w] |= pa[w];
    }
    ancestors[i] = anc;
    const properties: Record<string, JsonSchema> = {};
    const namedProperties: Record<string, JsonSchema> = {};
    const loop = loopOf.get(key);
    for (let w = 0; w < words; w++) {
      let bits = anc[w];
      while (bits) {
        const low = bits & -bits;
        const a = order[(w << 5) + 31 - Math.clz32(low)];
        const schema = (loop === a ? iteration[a] : outputs[a]) ?? {};
        properties[a] = schema;
        namedProperties[a] = titled(a, schema, loop === a);
        bits ^= low;
      }
    }
    const inputSchema: JsonSchema = { type: "object", properties };
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
          input: { type: "object", properties: namedProperties },
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
    if (type?.type === "for-each-v2") iteration[key] = forEachIterationSchema(node.config ?? {}, inputSchema);
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

function descendantsOf(nodes: FlowNodes, key: string): string[] {
  const seen = new Set<string>();
  const stack = [...(nodes[key]?.links ?? []).map((l) => l.key)];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k) || !nodes[k]) continue;
    seen.add(k);
    stack.push(...(nodes[k].links ?? []).map((l) => l.key));
  }
  return [...seen];
}
