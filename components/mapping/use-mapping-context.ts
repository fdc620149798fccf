"use client";

import { useMemo } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { formulaContextSchema, sampleFromSchema } from "@/lib/core/formulas/editor-context";
import type { NodeSample } from "@/lib/services/console/get-node-sample";
import type { MappingContextValue } from "./value-editor";

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

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
  draftKeys,
}: {
  inputSchema?: JsonSchema;
  parametersSchema?: JsonSchema;
  nodeNames: Record<string, string>;
  parameters?: unknown;
  runSample?: NodeSample;
  /** Upstream nodes whose output schema is an unsaved edit: the run's values for them lack its new fields. */
  draftKeys?: string[];
}): MappingContextValue {
  return useMemo(() => {
    const contextSchema = formulaContextSchema({ inputSchema, parametersSchema });
    const sample = (sampleFromSchema(contextSchema) ?? {}) as Record<string, unknown>;
    if (parameters && typeof parameters === "object") {
      sample.parameters = parameters;
      sample.flowInstance = { ...(sample.flowInstance as object), parameters };
    }
    if (runSample?.source === "run") {
      const example = sample.input as Record<string, unknown> | undefined;
      sample.input = runSample.input;
      // An edited upstream node's new fields are not in the run: their example values fill the gaps.
      if (draftKeys?.length && isObject(runSample.input)) {
        const input: Record<string, unknown> = { ...runSample.input };
        for (const k of draftKeys) {
          const ex = example?.[k];
          input[k] = isObject(ex) && isObject(input[k]) ? { ...ex, ...input[k] } : (input[k] ?? ex);
        }
        sample.input = input;
      }
      sample.flowRun = runSample.flowRun;
      sample.flowRunInput = runSample.flowRun.input;
      return {
        contextSchema,
        nodeNames,
        sample,
        sampleSource: "run",
        sampleRun: { id: runSample.runId, time: runSample.time },
      };
    }
    return { contextSchema, nodeNames, sample, sampleSource: "schema" };
  }, [inputSchema, parametersSchema, nodeNames, parameters, runSample, draftKeys]);
}
