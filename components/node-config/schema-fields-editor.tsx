"use client";

import { useId, useState } from "react";
import type { JsonSchema } from "@/lib/core/schema";

/*
 * A JSON Schema edited as a list of fields (name · type, nested for groups and lists of groups), for config
 * values that describe data ("Response schema", "Output schema", a trigger's input): a non-developer adds the
 * fields later steps can pick instead of writing JSON Schema. Keywords the rows do not show (formats,
 * descriptions, enums…) are kept as they are; an untouched schema is never rewritten.
 */

const TYPES: [string, string][] = [
  ["string", "Text"],
  ["number", "Number"],
  ["integer", "Whole number"],
  ["boolean", "Yes / no"],
  ["object", "Group of fields"],
  ["array", "List"],
  ["", "Anything"],
];

const inputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-xs focus:border-brand-500 disabled:bg-slate-50";

type Props = JsonSchema & { properties?: Record<string, JsonSchema> };

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

const typeOf = (s: JsonSchema | undefined): string => {
  const t = s?.type;
  if (typeof t === "string") return t;
  if (!t && isObj(s?.properties)) return "object";
  return "";
};

/** Whether the rows can show this schema faithfully (else it opens as JSON). */
export function editableAsFields(schema: unknown, depth = 0): boolean {
  if (schema === undefined) return true;
  if (!isObj(schema) || depth > 6) return false;
  const t = schema.type;
  if (t !== undefined && typeof t !== "string") return false;
  if (["anyOf", "oneOf", "allOf", "$ref", "not", "if"].some((k) => k in schema)) return false;
  if (schema.properties !== undefined) {
    if (!isObj(schema.properties)) return false;
    if (!Object.values(schema.properties).every((p) => editableAsFields(p, depth + 1))) return false;
  }
  if (schema.items !== undefined && !editableAsFields(schema.items, depth + 1)) return false;
  return true;
}

/** The schema with `type` changed, dropping what belonged to the old type only. */
function withType(s: JsonSchema, type: string): JsonSchema {
  const { type: _old, properties, items, required, ...rest } = s as Props;
  void _old;
  const next: JsonSchema = { ...rest };
  if (type) next.type = type;
  if (type === "object") {
    next.properties = properties ?? {};
    if (required) next.required = required;
  }
  if (type === "array") next.items = items ?? { type: "string" };
  return next;
}

function NameInput({
  value,
  taken,
  label,
  disabled,
  onCommit,
}: {
  value: string;
  taken: (name: string) => boolean;
  label: string;
  disabled?: boolean;
  onCommit: (name: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const bad = !draft.trim() || (draft !== value && taken(draft));
  return (
    <input
      aria-label={label}
      value={draft}
      disabled={disabled}
      aria-invalid={bad || undefined}
      title={bad ? (draft.trim() ? "Another field has this name" : "A field needs a name") : undefined}
      className={`${inputClass} min-w-0 flex-1 ${bad ? "border-red-400" : ""}`}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        if (v.trim() && (v === value || !taken(v))) onCommit(v);
      }}
    />
  );
}

function TypeSelect({
  value,
  label,
  disabled,
  onChange,
}: {
  value: string;
  label: string;
  disabled?: boolean;
  onChange: (t: string) => void;
}) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      className={inputClass}
      onChange={(e) => onChange(e.target.value)}
    >
      {TYPES.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
}

/** The rows of one object schema's properties. */
function FieldRows({
  schema,
  path,
  disabled,
  onChange,
}: {
  schema: JsonSchema;
  /** Labels of the enclosing groups, for accessible names ("data › address › city"). */
  path: string[];
  disabled?: boolean;
  onChange: (s: JsonSchema) => void;
}) {
  const props = (isObj(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  const entries = Object.entries(props);
  const where = path.length ? ` in ${path.join(" › ")}` : "";
  const setProps = (next: [string, JsonSchema][], renamed?: [string, string], removed?: string) => {
    let required = Array.isArray(schema.required) ? (schema.required as string[]) : undefined;
    if (required && renamed) required = required.map((r) => (r === renamed[0] ? renamed[1] : r));
    if (required && removed) required = required.filter((r) => r !== removed);
    onChange({
      ...schema,
      type: schema.type ?? "object",
      properties: Object.fromEntries(next),
      ...(required ? { required } : {}),
    });
  };
  const add = () => {
    let n = entries.length + 1;
    while (`field${n}` in props) n++;
    setProps([...entries, [`field${n}`, { type: "string" }]]);
  };
  return (
    <div className="space-y-1.5">
      {entries.length === 0 && <p className="text-xs text-slate-500">No fields yet.</p>}
      {entries.map(([name, s], i) => {
        const t = typeOf(s);
        const setAt = (ns: JsonSchema) => setProps(entries.map((e, j) => (j === i ? [name, ns] : e)));
        const itemType = t === "array" ? typeOf(s.items as JsonSchema | undefined) : "";
        return (
          <div key={i} role="group" aria-label={`Field ${name}`} className="space-y-1.5">
            <div className="flex flex-wrap items-center gap-1.5">
              <NameInput
                value={name}
                label={`Field ${i + 1} name${where}`}
                disabled={disabled}
                taken={(n) => n in props}
                onCommit={(n) =>
                  setProps(
                    entries.map((e, j) => (j === i ? [n, s] : e)),
                    [name, n],
                  )
                }
              />
              <TypeSelect
                value={t}
                label={`${name} type`}
                disabled={disabled}
                onChange={(nt) => setAt(withType(s, nt))}
              />
              {t === "array" && (
                <TypeSelect
                  value={itemType}
                  label={`${name} item type`}
                  disabled={disabled}
                  onChange={(nt) => setAt({ ...s, items: withType((s.items as JsonSchema) ?? {}, nt) })}
                />
              )}
              {!disabled && (
                <button
                  type="button"
                  aria-label={`Remove field ${name}`}
                  className="rounded px-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
                  onClick={() =>
                    setProps(
                      entries.filter((_, j) => j !== i),
                      undefined,
                      name,
                    )
                  }
                >
                  ✕
                </button>
              )}
            </div>
            {t === "object" && (
              <div className="ml-4 border-l border-slate-200 pl-3">
                <FieldRows schema={s} path={[...path, name]} disabled={disabled} onChange={setAt} />
              </div>
            )}
            {t === "array" && itemType === "object" && (
              <div className="ml-4 border-l border-slate-200 pl-3">
                <FieldRows
                  schema={s.items as JsonSchema}
                  path={[...path, `${name} items`]}
                  disabled={disabled}
                  onChange={(items) => setAt({ ...s, items })}
                />
              </div>
            )}
          </div>
        );
      })}
      {!disabled && (
        <button
          type="button"
          onClick={add}
          className="rounded-md border border-dashed border-slate-300 px-2 py-0.5 text-xs text-slate-600 hover:bg-slate-50"
        >
          + Add field{where}
        </button>
      )}
    </div>
  );
}

/** The fields of a schema-valued config field; an absent schema starts as an empty group. */
export function SchemaFieldsEditor({
  value,
  label,
  disabled,
  onChange,
}: {
  value: unknown;
  label: string;
  disabled?: boolean;
  onChange: (schema: JsonSchema) => void;
}) {
  const id = useId();
  const schema = (isObj(value) ? value : { type: "object", properties: {} }) as JsonSchema;
  const rootType = typeOf(schema) || "object";
  return (
    <div role="group" aria-labelledby={id} className="rounded-md border border-slate-200 p-2">
      <p id={id} className="sr-only">
        {label}
      </p>
      {rootType === "array" ? (
        <div className="space-y-1.5">
          <div className="flex items-center gap-1.5 text-xs text-slate-600">
            A list of
            <TypeSelect
              value={typeOf(schema.items as JsonSchema | undefined)}
              label={`${label} item type`}
              disabled={disabled}
              onChange={(nt) =>
                onChange({ ...schema, items: withType((schema.items as JsonSchema) ?? {}, nt) })
              }
            />
          </div>
          {typeOf(schema.items as JsonSchema | undefined) === "object" && (
            <FieldRows
              schema={schema.items as JsonSchema}
              path={["items"]}
              disabled={disabled}
              onChange={(items) => onChange({ ...schema, items })}
            />
          )}
        </div>
      ) : rootType === "object" ? (
        <FieldRows schema={schema} path={[]} disabled={disabled} onChange={onChange} />
      ) : (
        <div className="flex items-center gap-1.5 text-xs text-slate-600">
          A single value:
          <TypeSelect
            value={rootType}
            label={`${label} type`}
            disabled={disabled}
            onChange={(nt) => onChange(withType(schema, nt))}
          />
        </div>
      )}
    </div>
  );
}
