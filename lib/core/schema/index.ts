export type { JsonSchema } from "./json-schema";
export { isPlainObject, schemaAllowsType } from "./json-schema";
export { InvalidLocatorError, formatLocator, parseLocator, type LocatorStep } from "./locator";
export { getSchemaAtLocator, type SchemaLookup, type SchemaLookupOptions } from "./schema-at-locator";
export { mergeSchemas } from "./merge";
export {
  buildNodeInputSchema,
  inferFormulaOutputSchema,
  inferSchemaFromValue,
  withIterationScope,
} from "./infer";
