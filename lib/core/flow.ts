import type { FlowNode } from "./flow-node";

export type { FlowNode, FlowNodeLink } from "./flow-node";
export type FlowNodes = Record<string, FlowNode>;

export type GraphIssue = { nodeKey?: string; message: string };

/** Node keys with no incoming link. */
export function rootKeys(nodes: FlowNodes): string[] {
  const targets = new Set<string>();
  for (const node of Object.values(nodes)) for (const l of node.links ?? []) targets.add(l.key);
  return Object.keys(nodes).filter((k) => !targets.has(k));
}

export function parentsOf(nodes: FlowNodes): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const key of Object.keys(nodes)) parents.set(key, []);
  for (const [key, node] of Object.entries(nodes))
    for (const l of node.links ?? []) parents.get(l.key)?.push(key);
  return parents;
}

/** Kahn's algorithm; returns null when the graph has a cycle. */
export function topologicalOrder(nodes: FlowNodes): string[] | null {
  const indeg = new Map<string, number>(Object.keys(nodes).map((k) => [k, 0]));
  for (const node of Object.values(nodes))
    for (const l of node.links ?? []) if (indeg.has(l.key)) indeg.set(l.key, indeg.get(l.key)! + 1);
  const queue = [...indeg].filter(([, d]) => d === 0).map(([k]) => k);
  const order: string[] = [];
  while (queue.length) {
    const k = queue.shift()!;
    order.push(k);
    for (const l of nodes[k].links ?? []) {
      if (!indeg.has(l.key)) continue;
      const d = indeg.get(l.key)! - 1;
      indeg.set(l.key, d);
      if (d === 0) queue.push(l.key);
    }
  }
  return order.length === indeg.size ? order : null;
}

/** Structural checks done whenever a flow's graph is saved. */
export function validateGraph(nodes: FlowNodes, knownTypes: (type: string) => boolean): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const [key, node] of Object.entries(nodes)) {
    if (!node || typeof node !== "object") {
      issues.push({ nodeKey: key, message: `nodes.${key} must be an object` });
      continue;
    }
    if (typeof node.type !== "string" || !knownTypes(node.type))
      issues.push({ nodeKey: key, message: `nodes.${key}.type: unknown node type "${String(node.type)}"` });
    for (const l of node.links ?? []) {
      if (!l || typeof l.key !== "string" || !(l.key in nodes))
        issues.push({
          nodeKey: key,
          message: `nodes.${key}.links: link to missing node "${String(l?.key)}"`,
        });
    }
  }
  if (!issues.length && topologicalOrder(nodes) === null)
    issues.push({ message: "nodes: the graph has a cycle" });
  return issues;
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return "[" + value.map(stableStringify).join(",") + "]";
  if (value && typeof value === "object")
    return (
      "{" +
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => JSON.stringify(k) + ":" + stableStringify((value as Record<string, unknown>)[k]))
        .join(",") +
      "}"
    );
  return JSON.stringify(value);
}

/** The part of a node the template defines (what customization and reset compare). */
export function nodeDefinition(
  node: FlowNode,
): Pick<
  FlowNode,
  "type" | "name" | "config" | "links" | "onError" | "concurrency" | "customerConfigurable" | "userConfig"
> {
  const { type, name, config, links, onError, concurrency, customerConfigurable, userConfig } = node;
  return {
    type,
    name,
    config: config ?? {},
    links: links ?? [],
    onError,
    concurrency,
    customerConfigurable,
    userConfig,
  };
}

export function sameDefinition(a: FlowNode | undefined, b: FlowNode | undefined): boolean {
  if (!a || !b) return a === b;
  return stableStringify(nodeDefinition(a)) === stableStringify(nodeDefinition(b));
}
