"use client";

import { useMemo } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { formulaContextSchema, sampleFromSchema } from "@/lib/core/formulas/editor-context";
import type { NodeSample } from "@/lib/services/console/get-node-sample";
import type { MappingContextValue } from "./value-editor";

/**
 * The variables and preview sample of one node: its input schema, the flow's parameters, the customer.
 * With a run sample (the node's input in the latest run) previews evaluate against what the node really
 * saw; otherwise against an example generated from the input schema.
 */
export function useMappingContext({
  inputSchema,
  parametersSchema,
  nodeNames,
  parameters,
  runSample,
  draftOutputs,
}: {
  inputSchema?: JsonSchema;
  parametersSchema?: JsonSchema;
  nodeNames: Record<string, string>;
  parameters?: unknown;
  runSample?: NodeSample;
  /** Upstream nodes' outputs as unsaved edits make them: they replace those nodes' sample input. */
  draftOutputs?: Record<string, unknown>;
}): MappingContextValue {
  return useMemo(() => {
    const contextSchema = formulaContextSchema({ inputSchema, parametersSchema });
    const sample = (sampleFromSchema(contextSchema) ?? {}) as Record<string, unknown>;
    if (parameters && typeof parameters === "object") {
      sample.parameters = parameters;
      sample.flowInstance = { ...(sample.flowInstance as object), parameters };
    }
    if (runSample?.source === "run") {
      sample.input = runSample.input;
      sample.flowRun = runSample.flowRun;
      sample.flowRunInput = runSample.flowRun.input;
      withDrafts(sample, draftOutputs);
      return {
        contextSchema,
        nodeNames,
        sample,
        sampleSource: "run",
        sampleRun: { id: runSample.runId, time: runSample.time },
      };
    }
    withDrafts(sample, draftOutputs);
    return { contextSchema, nodeNames, sample, sampleSource: "schema" };
  }, [inputSchema, parametersSchema, nodeNames, parameters, runSample, draftOutputs]);
}

function withDrafts(sample: Record<string, unknown>, draftOutputs?: Record<string, unknown>) {
  if (!draftOutputs || !Object.keys(draftOutputs).length) return;
  const input = sample.input && typeof sample.input === "object" ? sample.input : {};
  sample.input = { ...input, ...draftOutputs };
}
