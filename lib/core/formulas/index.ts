export type { JsonSchema } from "../schema/json-schema";
export { FormulaError, type FormulaContext, type FormulaIssue } from "./types";
export { evaluateCondition, evaluateFormulas } from "./evaluate";
export { getLocatorValue } from "./locator";
export { FORMULA_NAMES, isFormula, type FormulaName } from "./node";
export { OPERATOR_NAMES } from "./operators";
export { listVarLocators, validateFormulas } from "./validate";
