import { getNodeType } from "@/lib/nodes/registry";
import type { FlowNodes } from "@/lib/core/flow";
import type { NodeTypeMap } from "@/components/flow-graph/types";

/** Names, categories and config schemas of the node types a graph uses (the registry itself is server-only). */
export function nodeTypesFor(...graphs: (FlowNodes | undefined)[]): NodeTypeMap {
  const out: NodeTypeMap = {};
  for (const nodes of graphs)
    for (const n of Object.values(nodes ?? {})) {
      if (out[n.type]) continue;
      const t = getNodeType(n.type);
      out[n.type] = t
        ? {
            type: n.type,
            name: t.name,
            category: t.category,
            description: t.description,
            configSchema: t.configSchema,
          }
        : { type: n.type, name: n.type, category: "logic" };
    }
  return out;
}
