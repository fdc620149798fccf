import { BadRequestError } from "../../core/errors";
import { isPlainObject } from "../../core/schema/json-schema";
import type { FlowNodes } from "../../core/flow";
import { updateFlowInstance } from "./update-flow-instance";
import { getFlowInstance } from "./get-flow-instance";
import { getFlow } from "../flows/get-flow";
import { defineVerb } from "../shared/define-verb";
import { saveCustomerConfigurationInput, type UpdateFlowInstanceBody } from "./schemas";

export type CustomerConfiguration = {
  enabled?: boolean;
  parameters?: Record<string, unknown>;
  /** Node key → new config; only nodes the flow marks `customerConfigurable`. */
  nodes?: Record<string, unknown>;
};

/**
 * The embed configuration page's Save: enable switch, parameters and the configs of the nodes the flow lets
 * customers configure (`customerConfigurable`), in one update; setup re-runs when a node config changed.
 */
export const saveCustomerConfiguration = defineVerb(
  saveCustomerConfigurationInput,
  async ({ ctx, input }) => {
    const { id } = input;
    const configuration = input.configuration as CustomerConfiguration;
    if (!isPlainObject(configuration)) throw new BadRequestError("configuration must be an object");
    const { enabled, parameters, nodes } = configuration;
    if (enabled !== undefined && typeof enabled !== "boolean")
      throw new BadRequestError("enabled must be a boolean");
    if (parameters !== undefined && !isPlainObject(parameters))
      throw new BadRequestError("parameters must be an object");
    if (nodes !== undefined && !isPlainObject(nodes)) throw new BadRequestError("nodes must be an object");
    const nodeKeys = Object.keys(nodes ?? {});
    const body: UpdateFlowInstanceBody = {};
    if (enabled !== undefined) body.enabled = enabled;
    if (parameters !== undefined) body.parameters = parameters;
    if (nodeKeys.length) {
      const instance = await getFlowInstance({ ctx, input: { selector: { id } } });
      const template = (await getFlow({ ctx, input: { selector: instance.flowId } })).nodes as FlowNodes;
      body.nodes = {};
      for (const key of nodeKeys) {
        const config = nodes![key];
        if (!template[key]?.customerConfigurable || !(key in instance.nodes))
          throw new BadRequestError(`Node "${key}" cannot be configured here`);
        if (!isPlainObject(config)) throw new BadRequestError(`nodes.${key}: config must be an object`);
        body.nodes[key] = { config };
      }
    }
    // One update (one transaction, one audit event); changed nodes are set up by it.
    const instance = await updateFlowInstance({ ctx, input: { id, body } });
    const saved = instance.nodes as FlowNodes;
    return {
      enabled: instance.enabled,
      state: instance.state,
      nodeErrors: Object.fromEntries(nodeKeys.map((k) => [k, saved[k]?.errors ?? []])),
    };
  },
);
