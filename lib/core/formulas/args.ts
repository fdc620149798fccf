import { isPlainObject } from "../schema/json-schema";

// Shape readers shared by evaluation, validation and schema inference so all three agree on what a
// well-formed formula looks like. Each returns undefined when the arguments are malformed.

export type ConcatArgs = { values: unknown[]; delimiter: unknown };
export type MapArgs = { value: unknown; mapping: { from: unknown; to: unknown }[]; default: unknown };
export type CaseArgs = { cases: { filter: unknown; value: unknown }[]; default: unknown };
export type IterateArgs = { source: unknown; item: unknown };
export type TplArgs = { template: unknown; values: unknown };

export function readList(args: unknown): unknown[] | undefined {
  return Array.isArray(args) ? args : undefined;
}

export function readConcat(args: unknown): ConcatArgs | undefined {
  if (Array.isArray(args)) return { values: args, delimiter: "" };
  if (isPlainObject(args) && Array.isArray(args.values))
    return { values: args.values, delimiter: args.delimiter ?? "" };
  return undefined;
}

export function readMap(args: unknown): MapArgs | undefined {
  if (!isPlainObject(args)) return undefined;
  const mapping = args.mapping ?? [];
  if (!Array.isArray(mapping) || !mapping.every(isPlainObject)) return undefined;
  return {
    value: args.value,
    mapping: mapping.map((m) => ({ from: m.from, to: m.to })),
    default: args.default,
  };
}

/** Membrane also accepts a bare array of cases. */
export function readCase(args: unknown): CaseArgs | undefined {
  const raw = Array.isArray(args) ? { cases: args } : args;
  if (!isPlainObject(raw) || !Array.isArray(raw.cases) || !raw.cases.every(isPlainObject)) return undefined;
  return { cases: raw.cases.map((c) => ({ filter: c.filter, value: c.value })), default: raw.default };
}

/** Without `item`, iteration copies the source elements as they are. */
export function readIterate(args: unknown): IterateArgs | undefined {
  if (!isPlainObject(args) || !Object.hasOwn(args, "source")) return undefined;
  return { source: args.source, item: Object.hasOwn(args, "item") ? args.item : { $var: "$.item" } };
}

/** The string form `{ $tpl: "Hi {{$.input.name}}" }` resolves placeholders against the whole context. */
export function readTpl(args: unknown): TplArgs | string | undefined {
  if (typeof args === "string") return args;
  if (isPlainObject(args) && args.template !== undefined)
    return { template: args.template, values: args.values ?? {} };
  return undefined;
}
