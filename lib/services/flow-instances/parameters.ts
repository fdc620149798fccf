import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { BadRequestError } from "../../core/errors";

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
addFormats(ajv);
const cache = new Map<string, ValidateFunction>();

export function compileParametersSchema(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = cache.get(key);
  if (!fn) {
    try {
      fn = ajv.compile(schema as object);
    } catch (err) {
      throw new BadRequestError(`parametersSchema: invalid JSON Schema (${(err as Error).message})`);
    }
    if (cache.size > 500) cache.clear();
    cache.set(key, fn);
  }
  return fn;
}

export function describeAjvError(prefix: string, e: ErrorObject): string {
  let path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (e.keyword === "required")
    path = [path, (e.params as { missingProperty: string }).missingProperty].filter(Boolean).join(".");
  if (e.keyword === "additionalProperties")
    path = [path, (e.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join(".");
  const where = [prefix, path].filter(Boolean).join(".");
  const what =
    e.keyword === "additionalProperties"
      ? "is not allowed"
      : e.keyword === "required"
        ? "is required"
        : e.message;
  return `${where} ${what}`;
}

/** Validates (and fills defaults into) a value; throws 400 naming the failing field. */
export function validateAgainstSchema(prefix: string, schema: unknown, value: unknown): void {
  if (!schema) return;
  const validate = compileParametersSchema(schema);
  if (!validate(value)) {
    const errors = validate.errors ?? [];
    throw new BadRequestError(errors.map((e) => describeAjvError(prefix, e)).join("; "), { errors });
  }
}
