import type { Ctx } from "../context";
import { AccessDeniedError } from "../../core/errors";
import { nodeDefinition, stableStringify, type FlowNodes } from "../../core/flow";

/**
 * Customers (self-service tokens) may change only the config of nodes the flow (template) marks
 * `customerConfigurable`, as the embed does: never add, remove or retype nodes, nor touch links or other nodes'
 * configs. Admins keep full control. Throws 403 naming the node.
 */
export function assertCustomerNodeEdits(ctx: Ctx, current: FlowNodes, next: FlowNodes, template: FlowNodes) {
  if (ctx.principal.kind !== "customer") return;
  const deny = (key: string, what: string) => {
    throw new AccessDeniedError(`nodes.${key}: customers cannot ${what}`);
  };
  for (const key of Object.keys(current)) if (!(key in next)) deny(key, "remove nodes");
  for (const key of Object.keys(next)) if (!(key in current)) deny(key, "add nodes");
  for (const [key, node] of Object.entries(next)) {
    const before = current[key];
    const { config: c1, ...rest1 } = nodeDefinition(before);
    const { config: c2, ...rest2 } = nodeDefinition(node);
    if (rest1.type !== rest2.type) deny(key, "change a node's type");
    if (stableStringify(rest1) !== stableStringify(rest2))
      deny(key, "change a node's name, links or settings");
    if (stableStringify(c1) !== stableStringify(c2) && template[key]?.customerConfigurable !== true)
      deny(key, "configure this node (the flow does not mark it customerConfigurable)");
  }
}
