import { iterateFormula, mergeObjectsFormula } from "./handlers/collections";
import {
  andFormula,
  caseFormula,
  evalFormula,
  firstNotEmptyFormula,
  mapFormula,
  orFormula,
} from "./handlers/logic";
import { concatFormula, tplFormula } from "./handlers/text";
import { copyFormula, jsonataFormula, plainFormula, varFormula } from "./handlers/values";
import type { FormulaName } from "./node";
import type { FormulaDefinition } from "./types";

/** Typed by FormulaName, so adding a name to FORMULA_NAMES without a handler fails to compile. */
export const FORMULAS: Record<FormulaName, FormulaDefinition> = {
  var: varFormula,
  copy: copyFormula,
  plain: plainFormula,
  tpl: tplFormula,
  concat: concatFormula,
  map: mapFormula,
  case: caseFormula,
  eval: evalFormula,
  and: andFormula,
  or: orFormula,
  firstNotEmpty: firstNotEmptyFormula,
  mergeObjects: mergeObjectsFormula,
  iterate: iterateFormula,
  jsonata: jsonataFormula,
};
