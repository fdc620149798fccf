import type { JsonSchema } from "../../core/schema/json-schema";
import { isPlainObject } from "../../core/schema/json-schema";
import { validateFormulas } from "../../core/formulas";
import type { ConfigIssue, NodeType } from "../types";
import { DEFAULT_TIMEOUT_MS, HTTP_METHODS, MAX_TIMEOUT_MS } from "./client";

/*
 * Config schemas shared by the HTTP nodes. Fields that usually hold formulas ($var, $tpl, …) accept an
 * object besides their plain type: the form renders the first type, setup's JSON Schema check still passes.
 */

export const methodSchema: JsonSchema = {
  type: "string",
  title: "Method",
  enum: [...HTTP_METHODS],
  default: "GET",
};

export const queryParamsSchema: JsonSchema = {
  type: "object",
  title: "Query parameters",
  description:
    "Parameter name and value; a value may use data from earlier steps. A list repeats the parameter.",
  additionalProperties: true,
  "x-editor": "key-value",
  "x-row-label": "parameter",
};

export const headersSchema: JsonSchema = {
  type: "object",
  title: "Headers",
  description: "Header name and value; a value may use data from earlier steps.",
  additionalProperties: true,
  "x-editor": "key-value",
  "x-row-label": "header",
};

export const bodySchema: JsonSchema = {
  title: "Body",
  description:
    "What the request sends, built from fixed values and data from earlier steps. Sent as JSON unless a form content type is set.",
};

export const timeoutSchema: JsonSchema = {
  type: "integer",
  title: "Timeout (ms)",
  description: `Whole request, redirects included. Default ${DEFAULT_TIMEOUT_MS}, maximum ${MAX_TIMEOUT_MS}.`,
  minimum: 1,
  maximum: MAX_TIMEOUT_MS,
};

export const allowNon2xxSchema: JsonSchema = {
  type: "boolean",
  title: "Allow non-2xx responses",
  description: "Return error responses as output instead of failing the node.",
  default: false,
};

export const responseSchemaSchema: JsonSchema = {
  type: "object",
  title: "Response schema",
  description: "The fields of the response body, so that later steps can pick them (as Data).",
};

/** `request: {path, method, query, headers, data}` as used by the two API-request nodes. */
export function requestSchema(pathDescription: string): JsonSchema {
  return {
    type: "object",
    title: "Request",
    properties: {
      method: methodSchema,
      path: { type: ["string", "object"], title: "Path", description: pathDescription, "x-editor": "value" },
      query: queryParamsSchema,
      headers: headersSchema,
      data: bodySchema,
    },
  };
}

export function httpOutputSchema(config: Record<string, unknown>): JsonSchema {
  const data = isPlainObject(config.responseSchema) ? (config.responseSchema as JsonSchema) : {};
  return {
    type: "object",
    properties: { status: { type: "number" }, headers: { type: "object" }, data },
  };
}

/** Formula issues for the given config fields, with paths prefixed by the field name. */
export function validateConfigFormulas(
  config: Record<string, unknown>,
  fields: string[],
  contextSchema: JsonSchema,
): ConfigIssue[] {
  return fields.flatMap((field) =>
    config[field] === undefined
      ? []
      : validateFormulas(config[field], contextSchema).map((i) => ({
          path: i.path ? `${field}.${i.path}` : field,
          message: i.message,
        })),
  );
}

/** The evaluated value as a plain object (undefined when absent); anything else is a config error. */
export function asRecord(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value))
    throw new Error(`${name} must be an object, got ${Array.isArray(value) ? "array" : typeof value}`);
  return value;
}

/**
 * What the two API-request nodes share: `{request, responseSchema, allowNon2xx, timeout}` as config, formula
 * checks of `request`, and `{status, headers, data}` as output with `responseSchema` as `data`.
 */
export function apiRequestNodeParts(
  pathDescription: string,
): Pick<NodeType, "configSchema" | "validate" | "outputSchema"> {
  return {
    configSchema: {
      type: "object",
      properties: {
        request: requestSchema(pathDescription),
        responseSchema: responseSchemaSchema,
        allowNon2xx: allowNon2xxSchema,
        timeout: timeoutSchema,
      },
    },
    validate: (config, contextSchema) => validateConfigFormulas(config, ["request"], contextSchema),
    outputSchema: (config) => httpOutputSchema(config),
  };
}
