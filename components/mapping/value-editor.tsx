"use client";

import { createContext, useContext, useEffect, useId, useMemo, useRef, useState } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { evaluateFormulas } from "@/lib/core/formulas";
import {
  fromEditorModel,
  toEditorModel,
  type EditorNode,
  type TemplatePart,
} from "@/lib/core/formulas/editor-model";
import {
  listVariables,
  typeMismatch,
  variableLabels,
  variableType,
  type VariableOption,
} from "@/lib/core/formulas/editor-context";

/** What every value editor of one node form shares: the variables it offers and the preview's sample. */
export type MappingContextValue = {
  contextSchema: JsonSchema;
  nodeNames: Record<string, string>;
  /** The formula context previews evaluate against. */
  sample: Record<string, unknown>;
  sampleSource: "run" | "schema";
  /** The run the sample comes from (`sampleSource: "run"`). */
  sampleRun?: { id: string; time: string };
  /** The node's setup/validation errors; each field shows the ones whose path it names. */
  errors?: { path?: string; message: string }[];
};

/** The errors naming a config path or a path inside it (`output.name` is shown on `output`'s field too). */
export function errorsAt(m: MappingContextValue | null, path: (string | number)[]): string[] {
  const p = path.join(".");
  return (m?.errors ?? [])
    .filter((e) => e.path !== undefined && p !== "" && (e.path === p || e.path.startsWith(`${p}.`)))
    .map((e) => {
      // The field inside this one, without formula internals (`name.$tpl.values.last` → `name`).
      const inner = e.path === p ? [] : e.path!.slice(p.length + 1).split(".");
      const cut = inner.findIndex((step) => step.startsWith("$"));
      const where = (cut < 0 ? inner : inner.slice(0, cut)).join(" › ");
      return where ? `${where}: ${e.message}` : e.message;
    });
}

const MappingCtx = createContext<MappingContextValue | null>(null);
export const MappingProvider = MappingCtx.Provider;
export const useMapping = () => useContext(MappingCtx);

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus:border-brand-500 disabled:bg-slate-50";

type Mode = "literal" | "variable" | "template" | "object" | "array" | "formula" | "json";

const MODE_LABELS: Record<Mode, string> = {
  literal: "Fixed value",
  variable: "Variable",
  template: "Text + variables",
  object: "Fields",
  array: "List",
  formula: "Function",
  json: "JSON",
};

function modeOf(node: EditorNode): Mode | undefined {
  switch (node.kind) {
    case "empty":
      return undefined;
    case "literal":
      return "literal";
    case "variable":
      return "variable";
    case "template":
      return "template";
    case "object":
      return "object";
    case "array":
      return "array";
    case "json":
      return "json";
    default:
      return "formula";
  }
}

const schemaType = (s?: JsonSchema) => (Array.isArray(s?.type) ? s.type[0] : s?.type);

function emptyFor(mode: Mode, schema: JsonSchema | undefined, from: EditorNode): EditorNode {
  const t = schemaType(schema);
  if (mode === "literal") {
    if (from.kind === "literal") return from;
    if (Array.isArray(schema?.enum) && schema.enum.length)
      return { kind: "literal", value: schema.enum[0] as string };
    return { kind: "literal", value: t === "number" || t === "integer" ? 0 : t === "boolean" ? false : "" };
  }
  if (mode === "template") {
    const parts: TemplatePart[] =
      from.kind === "literal" && typeof from.value === "string"
        ? [{ text: from.value }]
        : from.kind === "variable"
          ? [{ text: "" }, { ref: `{{${from.locator}}}`, key: from.locator }, { text: "" }]
          : [{ text: "" }];
    return { kind: "template", form: "string", parts, values: [], argKeys: [], rest: {} };
  }
  if (mode === "object") return { kind: "object", entries: [] };
  if (mode === "array") return { kind: "array", items: [] };
  if (mode === "formula") return { kind: "formula", name: "concat", args: { kind: "array", items: [] } };
  if (mode === "json") return { kind: "json", value: fromEditorModel(from) ?? null };
  return { kind: "empty" };
}

/** A chip naming a variable: `New contact › First name`, with its type and a mismatch flag. */
function VariableChip({
  locator,
  expected,
  onClick,
  onRemove,
}: {
  locator: string;
  expected?: JsonSchema;
  onClick?: () => void;
  onRemove?: () => void;
}) {
  const m = useMapping();
  const labels = variableLabels(locator, m?.contextSchema, m?.nodeNames);
  const type = variableType(locator, m?.contextSchema);
  const mismatch = typeMismatch(expected, type);
  const text = labels.join(" › ");
  return (
    <span
      data-testid="variable-chip"
      title={locator}
      className={`inline-flex max-w-full items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${
        mismatch
          ? "border-amber-300 bg-amber-50 text-amber-900"
          : "border-brand-100 bg-brand-50 text-brand-700"
      }`}
    >
      <button
        type="button"
        onClick={onClick}
        className="truncate font-medium"
        aria-label={`Variable ${text}`}
      >
        {text}
      </button>
      {type && <span className="text-[10px] text-slate-600">{type}</span>}
      {mismatch && (
        <span className="text-[10px]" title={`This field expects ${schemaType(expected)}`}>
          ⚠ expects {schemaType(expected)}
        </span>
      )}
      {onRemove && (
        <button type="button" onClick={onRemove} aria-label={`Remove ${text}`} className="text-slate-500">
          ×
        </button>
      )}
    </span>
  );
}

/** A searchable list of the node's variables; arrows move, Enter picks, Escape closes. */
export function VariablePicker({
  expected,
  onPick,
  onClose,
}: {
  expected?: JsonSchema;
  onPick: (locator: string) => void;
  onClose: () => void;
}) {
  const m = useMapping();
  const all = useMemo<VariableOption[]>(() => (m ? listVariables(m.contextSchema, m.nodeNames) : []), [m]);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const id = useId();
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = words.length ? all.filter((o) => words.every((w) => o.search.includes(w))) : all;
  const current = Math.min(active, shown.length - 1);
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);
  return (
    <div
      className="absolute z-30 mt-1 w-80 max-w-[90vw] rounded-md border border-slate-200 bg-white p-2 shadow-lg"
      data-testid="variable-popover"
    >
      <input
        autoFocus
        role="combobox"
        aria-expanded
        aria-controls={`${id}-list`}
        aria-activedescendant={shown.length ? `${id}-${current}` : undefined}
        aria-label="Search variables"
        placeholder="Search fields…"
        className={inputClass}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive(Math.min(current + 1, shown.length - 1));
          else if (e.key === "ArrowUp") setActive(Math.max(current - 1, 0));
          else if (e.key === "Enter") {
            if (shown[current]) onPick(shown[current].locator);
          } else if (e.key === "Escape") onClose();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
        onBlur={(e) => {
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node)) onClose();
        }}
      />
      <ul
        ref={listRef}
        id={`${id}-list`}
        role="listbox"
        aria-label="Variables"
        className="mt-1 max-h-64 overflow-auto"
      >
        {shown.length === 0 && <li className="px-2 py-1 text-xs text-slate-500">No matching fields</li>}
        {shown.map((o, i) => {
          const mismatch = typeMismatch(expected, o.type);
          return (
            <li
              key={o.locator}
              id={`${id}-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === current}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(o.locator)}
              onMouseEnter={() => setActive(i)}
              className={`flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-xs ${
                i === current ? "bg-brand-50" : ""
              }`}
              style={{ paddingLeft: 8 + (words.length ? 0 : o.depth * 12) }}
            >
              <span className="truncate text-slate-800">
                {words.length ? o.labels.join(" › ") : o.labels[o.labels.length - 1]}
              </span>
              <span className={`ml-auto shrink-0 ${mismatch ? "text-amber-700" : "text-slate-600"}`}>
                {mismatch && "⚠ "}
                {o.type}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function LiteralEditor({
  value,
  schema,
  label,
  onChange,
  disabled,
}: {
  value: string | number | boolean | null;
  schema?: JsonSchema;
  label: string;
  onChange: (v: string | number | boolean | null) => void;
  disabled?: boolean;
}) {
  const t =
    schemaType(schema) ??
    (typeof value === "number" ? "number" : typeof value === "boolean" ? "boolean" : "string");
  if (Array.isArray(schema?.enum))
    return (
      <select
        aria-label={label}
        className={inputClass}
        disabled={disabled}
        value={String(schema.enum.indexOf(value))}
        onChange={(e) => onChange(schema.enum![Number(e.target.value)] as string)}
      >
        {schema.enum.map((o, i) => (
          <option key={i} value={String(i)}>
            {String(o)}
          </option>
        ))}
      </select>
    );
  if (t === "boolean")
    return (
      <button
        type="button"
        role="switch"
        aria-checked={value === true}
        aria-label={label}
        disabled={disabled}
        onClick={() => onChange(!(value === true))}
        className={`relative inline-flex h-6 w-11 items-center rounded-full transition-colors ${
          value === true ? "bg-brand-600" : "bg-slate-300"
        }`}
      >
        <span
          aria-hidden
          className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
            value === true ? "translate-x-5" : "translate-x-0.5"
          }`}
        />
      </button>
    );
  if (t === "number" || t === "integer")
    return (
      <input
        type="number"
        aria-label={label}
        className={inputClass}
        disabled={disabled}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
      />
    );
  const type =
    schema?.format === "date" ? "date" : schema?.format === "date-time" ? "datetime-local" : "text";
  return (
    <input
      type={type}
      aria-label={label}
      className={inputClass}
      disabled={disabled}
      value={value === null ? "" : String(value)}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** Text with variable chips inline; "+ Variable" inserts at the caret of the last text box focused. */
function TemplateEditor({
  node,
  label,
  onChange,
  disabled,
}: {
  node: Extract<EditorNode, { kind: "template" }>;
  label: string;
  onChange: (n: EditorNode) => void;
  disabled?: boolean;
}) {
  const [picking, setPicking] = useState(false);
  const caret = useRef<{ part: number; pos: number } | null>(null);
  // Always a text box between and around chips, so every position can be typed at.
  const parts: TemplatePart[] = [];
  for (const p of node.parts) {
    if ("ref" in p && (!parts.length || "ref" in parts[parts.length - 1])) parts.push({ text: "" });
    parts.push(p);
  }
  if (!parts.length || "ref" in parts[parts.length - 1]) parts.push({ text: "" });
  const set = (next: TemplatePart[]) => onChange({ ...node, parts: next });
  const labelOf = (p: { key: string }) => {
    if (node.form === "string") return p.key;
    const v = node.values.find((e) => e.key === p.key)?.node;
    return v?.kind === "variable" ? v.locator : undefined;
  };
  const insert = (locator: string) => {
    setPicking(false);
    const at = caret.current ?? {
      part: parts.length - 1,
      pos: (parts[parts.length - 1] as { text: string }).text.length,
    };
    const target = parts[at.part] as { text: string };
    let ref: TemplatePart;
    let values = node.values;
    if (node.form === "string") ref = { ref: `{{${locator}}}`, key: locator };
    else {
      const base = (locator.split(".").pop() ?? "value").replace(/[^\w]/g, "") || "value";
      let key = base;
      for (let i = 2; values.some((e) => e.key === key); i++) key = `${base}${i}`;
      values = [...values, { key, node: { kind: "variable", name: "var", locator } }];
      ref = { ref: `{{${key}}}`, key };
    }
    const next = [
      ...parts.slice(0, at.part),
      { text: target.text.slice(0, at.pos) },
      ref,
      { text: target.text.slice(at.pos) },
      ...parts.slice(at.part + 1),
    ];
    onChange({ ...node, parts: next, values });
  };
  return (
    <div className="relative">
      <div
        role="group"
        aria-label={label}
        className="flex min-h-9 flex-wrap items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 focus-within:border-brand-500"
      >
        {parts.map((p, i) =>
          "text" in p ? (
            <input
              key={i}
              aria-label={i === parts.length - 1 ? `${label} text` : `${label} text ${i + 1}`}
              disabled={disabled}
              value={p.text}
              size={Math.max(2, p.text.length + 1)}
              className={`min-w-4 border-0 bg-transparent p-0 text-sm outline-none ${i === parts.length - 1 ? "flex-1" : ""}`}
              onChange={(e) => {
                caret.current = { part: i, pos: e.target.selectionStart ?? e.target.value.length };
                set(parts.map((q, j) => (j === i ? { text: e.target.value } : q)));
              }}
              onSelect={(e) => {
                caret.current = { part: i, pos: e.currentTarget.selectionStart ?? p.text.length };
              }}
            />
          ) : (
            <span key={i}>
              {labelOf(p) ? (
                <VariableChip
                  locator={labelOf(p)!}
                  onRemove={disabled ? undefined : () => set(parts.filter((_, j) => j !== i))}
                />
              ) : (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs">ƒ {p.key}</span>
              )}
            </span>
          ),
        )}
      </div>
      {!disabled && (
        <button
          type="button"
          className="mt-1 text-xs font-medium text-brand-700 hover:underline"
          onClick={() => setPicking(true)}
        >
          + Insert variable
        </button>
      )}
      {picking && <VariablePicker onPick={insert} onClose={() => setPicking(false)} />}
    </div>
  );
}

function JsonEditor({
  value,
  label,
  onChange,
  disabled,
}: {
  value: unknown;
  label: string;
  onChange: (v: unknown) => void;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string>();
  return (
    <div>
      <textarea
        aria-label={`${label} (JSON)`}
        spellCheck={false}
        disabled={disabled}
        rows={Math.min(14, Math.max(3, text.split("\n").length + 1))}
        className={`${inputClass} font-mono text-xs`}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() ? JSON.parse(e.target.value) : undefined);
            setError(undefined);
          } catch (err) {
            setError(`Invalid JSON: ${(err as Error).message}`);
          }
        }}
      />
      {error && <p className="mt-1 text-xs text-red-700">{error}</p>}
    </div>
  );
}

const FUNCTIONS: { name: string; label: string; make: () => EditorNode }[] = [
  {
    name: "concat",
    label: "Join values",
    make: () => ({ kind: "formula", name: "concat", args: { kind: "array", items: [] } }),
  },
  {
    name: "firstNotEmpty",
    label: "First non-empty value",
    make: () => ({ kind: "formula", name: "firstNotEmpty", args: { kind: "array", items: [] } }),
  },
  {
    name: "mergeObjects",
    label: "Merge objects",
    make: () => ({ kind: "formula", name: "mergeObjects", args: { kind: "array", items: [] } }),
  },
  {
    name: "map",
    label: "Translate values (lookup)",
    make: () => toEditorModel({ $map: { value: null, mapping: [{ from: "", to: "" }], default: null } }),
  },
  {
    name: "case",
    label: "Choose by condition",
    make: () => toEditorModel({ $case: { cases: [], default: null } }),
  },
  { name: "eval", label: "Compare", make: () => toEditorModel({ $eval: null, is: "" }) },
  { name: "and", label: "All conditions hold", make: () => toEditorModel({ $and: [] }) },
  { name: "or", label: "Any condition holds", make: () => toEditorModel({ $or: [] }) },
  {
    name: "iterate",
    label: "For each item of a list",
    make: () => toEditorModel({ $iterate: { source: null, item: {} } }),
  },
  { name: "copy", label: "Copy of a variable", make: () => toEditorModel({ $copy: "$.input" }) },
  { name: "plain", label: "Plain data", make: () => toEditorModel({ $plain: {} }) },
  { name: "jsonata", label: "JSONata expression", make: () => toEditorModel({ $jsonata: "" }) },
];

/** Comparison operators as people read them (shared by the Compare function and the condition builder). */
export const OPERATORS: [string, string][] = [
  ["is", "is"],
  ["isNot", "is not"],
  ["contains", "contains"],
  ["doesNotContain", "does not contain"],
  ["oneOf", "is one of"],
  ["noneOf", "is none of"],
  ["gt", ">"],
  ["gte", "≥"],
  ["lt", "<"],
  ["lte", "≤"],
  ["isEmpty", "is empty"],
  ["isNotEmpty", "is not empty"],
  ["isTrue", "is true"],
  ["isFalse", "is false"],
];
/** Operators that take no value to compare with. */
export const FLAG = new Set(["isEmpty", "isNotEmpty", "isTrue", "isFalse"]);

/**
 * A comparison's operator, in plain words (an operator this list does not know is kept as written). A
 * flag operator (is empty, is true, …) takes no operand: choosing one sets it to `true`, leaving one
 * clears it.
 */
export function OperatorSelect({
  label,
  operator,
  operand,
  disabled,
  className = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm",
  onChange,
}: {
  label: string;
  operator: string;
  operand: EditorNode;
  disabled?: boolean;
  className?: string;
  onChange: (operator: string, operand: EditorNode) => void;
}) {
  return (
    <select
      aria-label={`${label} operator`}
      disabled={disabled}
      className={className}
      value={operator}
      onChange={(e) => {
        const next = e.target.value;
        onChange(
          next,
          FLAG.has(next)
            ? { kind: "literal", value: true }
            : FLAG.has(operator)
              ? { kind: "literal", value: "" }
              : operand,
        );
      }}
    >
      {!OPERATORS.some(([k]) => k === operator) && <option value={operator}>{operator}</option>}
      {OPERATORS.map(([k, l]) => (
        <option key={k} value={k}>
          {l}
        </option>
      ))}
    </select>
  );
}

function FormulaEditor({
  node,
  label,
  onChange,
  disabled,
}: {
  node: Extract<EditorNode, { kind: "formula" | "eval" }>;
  label: string;
  onChange: (n: EditorNode) => void;
  disabled?: boolean;
}) {
  const name = node.kind === "eval" ? "eval" : node.name;
  return (
    <div className="rounded-md border border-violet-200 bg-violet-50/40 p-2">
      <select
        aria-label={`${label} function`}
        disabled={disabled}
        className="mb-2 rounded border border-violet-200 bg-white px-1.5 py-0.5 text-xs font-medium text-violet-800"
        value={name}
        onChange={(e) => onChange(FUNCTIONS.find((f) => f.name === e.target.value)?.make() ?? node)}
      >
        {!FUNCTIONS.some((f) => f.name === name) && <option value={name}>{name}</option>}
        {FUNCTIONS.map((f) => (
          <option key={f.name} value={f.name}>
            ƒ {f.label}
          </option>
        ))}
      </select>
      {node.kind === "eval" ? (
        <div className="flex flex-wrap items-start gap-2">
          <div className="min-w-40 flex-1">
            <NodeEditor
              node={node.value}
              label={`${label} value`}
              disabled={disabled}
              onChange={(v) => onChange({ ...node, value: v })}
            />
          </div>
          <OperatorSelect
            label={label}
            operator={node.operator}
            operand={node.operand}
            disabled={disabled}
            onChange={(operator, operand) => onChange({ ...node, operator, operand })}
          />
          {!FLAG.has(node.operator) && (
            <div className="min-w-40 flex-1">
              <NodeEditor
                node={node.operand}
                label={`${label} compared with`}
                disabled={disabled}
                onChange={(v) => onChange({ ...node, operand: v })}
              />
            </div>
          )}
        </div>
      ) : (
        <NodeEditor
          node={node.args}
          label={`${label} arguments`}
          disabled={disabled}
          onChange={(v) => onChange({ ...node, args: v })}
          fixedKeys
        />
      )}
    </div>
  );
}

/** One value of any kind, with a mode menu (fixed value, variable, text with variables, function, …). */
export function NodeEditor({
  node,
  label,
  schema,
  onChange,
  disabled,
  fixedKeys,
}: {
  node: EditorNode;
  label: string;
  schema?: JsonSchema;
  onChange: (n: EditorNode) => void;
  disabled?: boolean;
  /** Function arguments: field names are fixed. */
  fixedKeys?: boolean;
}) {
  const [picking, setPicking] = useState(false);
  const mode = modeOf(node);
  const modes: Mode[] = ["literal", "variable", "template", "object", "array", "formula", "json"];
  const choose = (m: Mode) => {
    if (m === "variable") return setPicking(true);
    onChange(emptyFor(m, schema, node));
  };
  // Fields and lists take the whole width, their value-type menu on a row above them.
  const block = node.kind === "object" || node.kind === "array";
  const menu = !disabled && (
    <select
      aria-label={`${label} value type`}
      value={mode ?? ""}
      onChange={(e) => choose(e.target.value as Mode)}
      className={`w-28 shrink-0 rounded-md border border-slate-200 bg-slate-50 px-1 py-1.5 text-[11px] text-slate-600 ${block ? "self-end" : ""}`}
    >
      {!mode && <option value="">Empty</option>}
      {modes.map((m) => (
        <option key={m} value={m}>
          {MODE_LABELS[m]}
        </option>
      ))}
    </select>
  );
  return (
    <div className="relative">
      <div className={block ? "flex flex-col gap-1" : "flex items-start gap-1.5"}>
        {block && menu}
        <div className="min-w-0 flex-1">
          {node.kind === "empty" && (
            <button
              type="button"
              disabled={disabled}
              onClick={() => setPicking(true)}
              className="w-full rounded-md border border-dashed border-slate-300 px-2 py-1.5 text-left text-xs text-slate-500 hover:border-brand-500"
            >
              Pick a variable…
            </button>
          )}
          {node.kind === "literal" && (
            <LiteralEditor
              value={node.value}
              schema={schema}
              label={label}
              disabled={disabled}
              onChange={(v) => onChange({ kind: "literal", value: v })}
            />
          )}
          {node.kind === "variable" && (
            <div className="py-1">
              <VariableChip
                locator={node.locator}
                expected={schema}
                onClick={disabled ? undefined : () => setPicking(true)}
                onRemove={disabled ? undefined : () => onChange({ kind: "empty" })}
              />
            </div>
          )}
          {node.kind === "template" && (
            <TemplateEditor node={node} label={label} disabled={disabled} onChange={onChange} />
          )}
          {(node.kind === "formula" || node.kind === "eval") && (
            <FormulaEditor node={node} label={label} disabled={disabled} onChange={onChange} />
          )}
          {node.kind === "json" && (
            <JsonEditor
              value={node.value}
              label={label}
              disabled={disabled}
              onChange={(v) => onChange(toEditorModel(v))}
            />
          )}
          {node.kind === "object" && (
            <FieldsEditor
              node={node}
              label={label}
              schema={schema}
              disabled={disabled}
              onChange={onChange}
              fixedKeys={fixedKeys}
            />
          )}
          {node.kind === "array" && (
            <div className="space-y-1.5 border-l-2 border-slate-200 pl-2">
              {node.items.map((item, i) => (
                <div key={i} className="flex items-start gap-1">
                  <span className="w-5 pt-1.5 text-right text-[11px] text-slate-500">{i + 1}.</span>
                  <div className="min-w-0 flex-1">
                    <NodeEditor
                      node={item}
                      label={`${label} item ${i + 1}`}
                      schema={schema?.items as JsonSchema | undefined}
                      disabled={disabled}
                      onChange={(v) =>
                        onChange({ ...node, items: node.items.map((x, j) => (j === i ? v : x)) })
                      }
                    />
                  </div>
                  {!disabled && (
                    <button
                      type="button"
                      aria-label={`Remove ${label} item ${i + 1}`}
                      className="px-1 pt-1 text-slate-500 hover:text-red-600"
                      onClick={() => onChange({ ...node, items: node.items.filter((_, j) => j !== i) })}
                    >
                      ×
                    </button>
                  )}
                </div>
              ))}
              {!disabled && (
                <button
                  type="button"
                  className="text-xs font-medium text-brand-700 hover:underline"
                  onClick={() => onChange({ ...node, items: [...node.items, { kind: "empty" }] })}
                >
                  + Add item
                </button>
              )}
            </div>
          )}
        </div>
        {!block && menu}
      </div>
      {picking && (
        <VariablePicker
          expected={schema}
          onPick={(locator) => {
            setPicking(false);
            onChange({ kind: "variable", name: node.kind === "variable" ? node.name : "var", locator });
          }}
          onClose={() => setPicking(false)}
        />
      )}
    </div>
  );
}

function FieldsEditor({
  node,
  label,
  schema,
  onChange,
  disabled,
  fixedKeys,
  noun = "field",
  rowSchema,
}: {
  node: Extract<EditorNode, { kind: "object" }>;
  label: string;
  schema?: JsonSchema;
  onChange: (n: EditorNode) => void;
  disabled?: boolean;
  fixedKeys?: boolean;
  /** What one row is called: "field" (transform-data's output), "parameter", "header". */
  noun?: string;
  /** Every row's schema (a free-form object's `additionalProperties`), instead of `properties[name]`. */
  rowSchema?: JsonSchema;
}) {
  const setEntries = (entries: typeof node.entries) => onChange({ ...node, entries });
  return (
    <div
      className="space-y-2 rounded-md border border-slate-200 p-2"
      role="group"
      aria-label={`${label} fields`}
    >
      {node.entries.length === 0 && <p className="text-xs text-slate-500">No {noun}s yet.</p>}
      {node.entries.map((e, i) => (
        <div key={i} className="space-y-1 border-b border-slate-100 pb-2 last:border-0 last:pb-0">
          <div className="flex items-center gap-1.5">
            {fixedKeys ? (
              <span className="text-xs font-medium text-slate-600">{e.key}</span>
            ) : (
              <input
                aria-label={`${label} ${noun} ${i + 1} name`}
                disabled={disabled}
                value={e.key}
                placeholder={`${noun} name`}
                className="min-w-0 flex-1 rounded border border-transparent bg-transparent px-1 py-0.5 font-mono text-xs font-semibold text-slate-700 hover:border-slate-200 focus:border-brand-500"
                onChange={(ev) =>
                  setEntries(node.entries.map((x, j) => (j === i ? { ...x, key: ev.target.value } : x)))
                }
              />
            )}
            {!disabled && !fixedKeys && (
              <button
                type="button"
                aria-label={`Remove ${noun} ${e.key || i + 1}`}
                className="ml-auto px-1 text-slate-500 hover:text-red-600"
                onClick={() => setEntries(node.entries.filter((_, j) => j !== i))}
              >
                ×
              </button>
            )}
          </div>
          <NodeEditor
            node={e.node}
            label={e.key || `${label} ${noun} ${i + 1}`}
            schema={rowSchema ?? schema?.properties?.[e.key]}
            disabled={disabled}
            onChange={(v) => setEntries(node.entries.map((x, j) => (j === i ? { ...x, node: v } : x)))}
          />
          {!fixedKeys && e.node.kind !== "object" && e.node.kind !== "array" && <RowPreview node={e.node} />}
        </div>
      ))}
      {!disabled && !fixedKeys && (
        <button
          type="button"
          className="text-xs font-medium text-brand-700 hover:underline"
          onClick={() => setEntries([...node.entries, { key: "", node: { kind: "literal", value: "" } }])}
        >
          + Add {noun}
        </button>
      )}
    </div>
  );
}

/** One field's preview (its value as JSON is rebuilt only when the field's model changes). */
function RowPreview({ node }: { node: EditorNode }) {
  const value = useMemo(() => fromEditorModel(node), [node]);
  return <ValuePreview value={value} />;
}

/** What the value evaluates to against the sample context, recomputed in the browser on every change. */
export function ValuePreview({ value }: { value: unknown }) {
  const m = useMapping();
  const [result, setOut] = useState<{ ok: boolean; text: string; for: unknown }>();
  useEffect(() => {
    if (!m || value === undefined) return;
    let live = true;
    evaluateFormulas(value, m.sample).then(
      (v) =>
        live && setOut({ ok: true, text: v === undefined ? "(nothing)" : JSON.stringify(v), for: value }),
      (e: Error) => live && setOut({ ok: false, text: e.message, for: value }),
    );
    return () => {
      live = false;
    };
  }, [m, value]);
  const out = value === undefined ? undefined : result;
  // Nothing to show for an empty set of rows (no query parameters yet).
  if (!out || (value && typeof value === "object" && !Object.keys(value).length)) return null;
  return (
    <p
      data-testid="value-preview"
      className={`mt-1 truncate rounded bg-slate-50 px-2 py-0.5 font-mono text-[11px] ${out.ok ? "text-slate-600" : "text-red-700"}`}
      title={out.text}
    >
      <span className="font-sans text-slate-600">
        {m?.sampleSource === "run" ? "Latest run → " : "Example → "}
      </span>
      {out.text}
    </p>
  );
}

/** The editor for one config value: model in, JSON out; untouched parts serialise back unchanged. */
export function ValueEditor({
  value,
  onChange,
  label,
  schema,
  disabled,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  schema?: JsonSchema;
  disabled?: boolean;
}) {
  const [node, current, set] = useEditorModel(value, onChange);
  return (
    <div>
      <NodeEditor node={node} label={label} schema={schema} disabled={disabled} onChange={set} />
      {node.kind !== "object" && <ValuePreview value={current} />}
    </div>
  );
}

/** The edit model of a config value: our own edits keep the model, a value changed from outside replaces it. */
function useEditorModel(value: unknown, onChange: (v: unknown) => void, empty?: unknown) {
  const [state, setState] = useState(() => ({ node: toEditorModel(value ?? empty), seen: value }));
  // A value changed from outside (a reset, a reload) replaces the model; our own edits come back equal.
  if (value !== state.seen && JSON.stringify(value) !== JSON.stringify(fromEditorModel(state.node)))
    setState({ node: toEditorModel(value ?? empty), seen: value });
  const node = state.node;
  const current = useMemo(() => fromEditorModel(node), [node]);
  const set = (n: EditorNode) => {
    const v = fromEditorModel(n);
    setState({ node: n, seen: v });
    onChange(v);
  };
  return [node, current, set] as const;
}

/**
 * A free-form object (`x-editor: "key-value"`: query parameters, headers): rows of name + value editor. A
 * value that is not a plain object (a variable holding the whole object, a function) keeps the value editor.
 */
export function KeyValueEditor({
  value,
  onChange,
  label,
  schema,
  disabled,
  noun,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  schema?: JsonSchema;
  disabled?: boolean;
  noun?: string;
}) {
  const [node, current, set] = useEditorModel(value, onChange, {});
  return (
    <div>
      {node.kind === "object" ? (
        <>
          <FieldsEditor
            node={node}
            label={label}
            schema={schema}
            disabled={disabled}
            onChange={set}
            noun={noun}
            // rjsf fills `properties` with types guessed from the values: rows follow additionalProperties.
            rowSchema={
              schema?.additionalProperties && typeof schema.additionalProperties === "object"
                ? (schema.additionalProperties as JsonSchema)
                : {}
            }
          />
          {!disabled && (
            <button
              type="button"
              className="mt-1 text-xs text-slate-500 hover:underline"
              onClick={() => set({ kind: "json", value: current ?? {} })}
            >
              Edit as JSON
            </button>
          )}
        </>
      ) : (
        <NodeEditor node={node} label={label} schema={schema} disabled={disabled} onChange={set} />
      )}
      <ValuePreview value={current} />
    </div>
  );
}
