import { isPlainObject } from "../schema/json-schema";
import { readTpl } from "./args";
import { matchFormula, type FormulaName } from "./node";

/*
 * The mapping editor's view of a config value. `toEditorModel` and `fromEditorModel` are inverse on every
 * JSON value (property-tested): what the editor cannot show as chips, functions or fields it keeps as a
 * `json` node, byte for byte, so opening and saving a hand-written config never rewrites it.
 */

export type TemplatePart = { text: string } | { ref: string; key: string };

export type EditorNode =
  | { kind: "empty" }
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "object"; entries: { key: string; node: EditorNode }[] }
  | { kind: "array"; items: EditorNode[] }
  | { kind: "variable"; name: "var" | "copy"; locator: string }
  | {
      kind: "template";
      parts: TemplatePart[];
      /** `string`: `{$tpl: "Hi {{$.input.x}}"}`; `object`: `{$tpl: {template, values}}` (other keys kept). */
      form: "string" | "object";
      values: { key: string; node: EditorNode }[];
      /** The object form's argument keys in their order, so serialisation keeps it. */
      argKeys: string[];
      rest: Record<string, unknown>;
    }
  | {
      kind: "eval";
      value: EditorNode;
      operator: string;
      operand: EditorNode;
      operatorFirst: boolean;
    }
  | { kind: "formula"; name: Exclude<FormulaName, "var" | "copy" | "eval">; args: EditorNode }
  | { kind: "json"; value: unknown };

const DOUBLE_BRACES = /\{\{\s*([^{}]+?)\s*\}\}/g;
const DOUBLE_OR_SINGLE = /\{\{\s*([^{}]+?)\s*\}\}|\{([^{}\s"':,]+)\}/g;

/** Splits a template into text and placeholders; joining `text` and `ref` gives the template back. */
export function splitTemplate(template: string, isKey?: (key: string) => boolean): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const re = new RegExp(isKey ? DOUBLE_OR_SINGLE : DOUBLE_BRACES);
  let last = 0;
  for (const m of template.matchAll(re)) {
    const key = m[1] ?? m[2];
    // Single braces are placeholders only for keys that exist, as the evaluator reads them.
    if (m[1] === undefined && !isKey?.(key)) continue;
    if (m.index > last) parts.push({ text: template.slice(last, m.index) });
    parts.push({ ref: m[0], key });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

export const joinTemplate = (parts: TemplatePart[]) =>
  parts.map((p) => ("text" in p ? p.text : p.ref)).join("");

function entriesOf(value: Record<string, unknown>) {
  return Object.entries(value).map(([key, v]) => ({ key, node: toEditorModel(v) }));
}

function templateModel(args: unknown): EditorNode | undefined {
  const parsed = readTpl(args);
  if (typeof parsed === "string")
    return {
      kind: "template",
      form: "string",
      parts: splitTemplate(parsed),
      values: [],
      argKeys: [],
      rest: {},
    };
  if (!isPlainObject(args) || typeof args.template !== "string") return undefined;
  if (args.values !== undefined && (!isPlainObject(args.values) || matchFormula(args.values)))
    return undefined;
  const values = (args.values ?? {}) as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(args).filter(([k]) => k !== "template" && k !== "values"));
  return {
    kind: "template",
    form: "object",
    parts: splitTemplate(args.template, (k) => Object.hasOwn(values, k)),
    values: entriesOf(values),
    argKeys: Object.keys(args),
    rest,
  };
}

export function toEditorModel(value: unknown): EditorNode {
  if (value === undefined) return { kind: "empty" };
  if (value === null || typeof value !== "object")
    return typeof value === "function" || typeof value === "symbol" || typeof value === "bigint"
      ? { kind: "json", value }
      : { kind: "literal", value: value as string | number | boolean };
  if (Array.isArray(value)) return { kind: "array", items: value.map(toEditorModel) };
  if (!isPlainObject(value)) return { kind: "json", value };
  const formula = matchFormula(value);
  if (!formula) {
    // Objects mixing "$…" keys with others are malformed formulas: shown as JSON, never as fields.
    if (Object.keys(value).some((k) => k.startsWith("$") && k !== "$ref" && k !== "$schema"))
      return { kind: "json", value };
    return { kind: "object", entries: entriesOf(value) };
  }
  if (formula.kind === "unknown") return { kind: "json", value };
  const { name, args, node } = formula;
  if (name === "var" || name === "copy")
    return typeof args === "string" ? { kind: "variable", name, locator: args } : { kind: "json", value };
  if (name === "eval") {
    const keys = Object.keys(node).filter((k) => k !== "$eval");
    if (keys.length !== 1) return { kind: "json", value };
    return {
      kind: "eval",
      value: toEditorModel(args),
      operator: keys[0],
      operand: toEditorModel(node[keys[0]]),
      operatorFirst: Object.keys(node)[0] !== "$eval",
    };
  }
  if (name === "tpl") return templateModel(args) ?? { kind: "formula", name, args: toEditorModel(args) };
  // $plain's argument is data: it must never be read as formulas.
  if (name === "plain") return { kind: "formula", name, args: { kind: "json", value: args } };
  return { kind: "formula", name, args: toEditorModel(args) };
}

export function fromEditorModel(node: EditorNode): unknown {
  switch (node.kind) {
    case "empty":
      return undefined;
    case "literal":
      return node.value;
    case "json":
      return node.value;
    case "array":
      // JSON has no holes: an emptied item becomes null rather than vanishing and shifting the rest.
      return node.items.map((n) => fromEditorModel(n) ?? null);
    case "object":
      return objectOf(node.entries);
    case "variable":
      return { [`$${node.name}`]: node.locator };
    case "template": {
      const template = joinTemplate(node.parts);
      if (node.form === "string") return { $tpl: template };
      const keys =
        node.argKeys.includes("values") || !node.values.length ? node.argKeys : [...node.argKeys, "values"];
      const args: Record<string, unknown> = {};
      for (const k of keys.includes("template") ? keys : ["template", ...keys]) {
        if (k === "template") args[k] = template;
        else if (k === "values") args[k] = objectOf(node.values);
        else args[k] = node.rest[k];
      }
      return { $tpl: args };
    }
    case "eval": {
      const operand = fromEditorModel(node.operand);
      const value = fromEditorModel(node.value);
      return node.operatorFirst
        ? { [node.operator]: operand, $eval: value }
        : { $eval: value, [node.operator]: operand };
    }
    case "formula":
      return { [`$${node.name}`]: fromEditorModel(node.args) };
  }
}

function objectOf(entries: { key: string; node: EditorNode }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, node } of entries) {
    const v = fromEditorModel(node);
    // defineProperty keeps a "__proto__" key as data, as JSON.parse does.
    if (v !== undefined)
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
