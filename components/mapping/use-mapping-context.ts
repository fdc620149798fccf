"use client";

import { useMemo } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { formulaContextSchema, sampleFromSchema } from "@/lib/core/formulas/editor-context";
import type { MappingContextValue } from "./value-editor";

/** The variables and preview sample of one node: its input schema, the flow's parameters, the customer. */
export function useMappingContext({
  inputSchema,
  parametersSchema,
  nodeNames,
  parameters,
}: {
  inputSchema?: JsonSchema;
  parametersSchema?: JsonSchema;
  nodeNames: Record<string, string>;
  parameters?: unknown;
}): MappingContextValue {
  return useMemo(() => {
    const contextSchema = formulaContextSchema({ inputSchema, parametersSchema });
    const sample = (sampleFromSchema(contextSchema) ?? {}) as Record<string, unknown>;
    if (parameters && typeof parameters === "object") {
      sample.parameters = parameters;
      sample.flowInstance = { ...(sample.flowInstance as object), parameters };
    }
    return { contextSchema, nodeNames, sample, sampleSource: "schema" };
  }, [inputSchema, parametersSchema, nodeNames, parameters]);
}
