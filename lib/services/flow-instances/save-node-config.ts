import { BadRequestError } from "../../core/errors";
import { isPlainObject } from "../../core/schema/json-schema";
import type { FlowNodes } from "../../core/flow";
import { updateFlowInstance } from "./update-flow-instance";
import { defineVerb } from "../shared/define-verb";
import { saveNodeConfigInput } from "./schemas";

/**
 * One node's new config from a form (console node panel, embed editor): patched like `PATCH nodes` (marks
 * the node customized; the patch re-runs setup, so the node's schemas, state and errors are fresh) in one
 * transaction with one audit event.
 */
export const saveNodeConfig = defineVerb(saveNodeConfigInput, async ({ ctx, input }) => {
  const { id, nodeKey, config } = input;
  if (!isPlainObject(config)) throw new BadRequestError("config must be an object");
  const instance = await updateFlowInstance({
    ctx,
    input: { id, body: { nodes: { [nodeKey]: { config } } } },
  });
  const node = (instance.nodes as FlowNodes)[nodeKey];
  return { state: node?.state, errors: node?.errors ?? [], isCustomized: !!node?.isCustomized };
});
