"use client";

import { useEffect, useId, useRef, useState, type ChangeEvent, type ReactNode } from "react";
import {
  ariaDescribedByIds,
  descriptionId,
  getInputProps,
  type DescriptionFieldProps,
  type ErrorListProps,
  type FieldErrorProps,
  type FieldProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RegistryFieldsType,
  type RegistryWidgetsType,
  type TemplatesType,
  type TitleFieldProps,
  type WidgetProps,
} from "@rjsf/utils";
import { useJsonTarget } from "./json-target";
import { KeyValueEditor, ValueEditor, errorsAt, useMapping } from "@/components/mapping/value-editor";
import { CodeEditor } from "@/components/mapping/code-editor";
import { ConditionEditor } from "@/components/mapping/condition-editor";
import { SchemaFieldsEditor, editableAsFields } from "./schema-fields-editor";
import type { JsonSchema } from "@/lib/core/schema";

// A small Tailwind theme for rjsf: the core theme's bootstrap class names are unstyled under preflight.

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs focus:border-brand-500 disabled:bg-slate-50 aria-[invalid=true]:border-red-500";

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, schema, uiSchema } =
    props;
  if (hidden) return <div className="hidden">{children}</div>;
  const isCheckbox = schema.type === "boolean" && uiSchema?.["ui:widget"] !== "select";
  return (
    <div className="mb-3 last:mb-0">
      {displayLabel && !isCheckbox && label && (
        <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
          {label}
          {required && <span className="ml-0.5 text-red-600">*</span>}
        </label>
      )}
      {displayLabel && !isCheckbox && description ? <div className="mb-1">{description}</div> : null}
      {children}
      {errors}
      {help}
    </div>
  );
}

function ObjectFieldTemplate({ title, description, properties, fieldPathId }: ObjectFieldTemplateProps) {
  const isRoot = fieldPathId.path.length === 0;
  if (isRoot) return <div>{properties.map((p) => p.content)}</div>;
  return (
    <fieldset id={fieldPathId.$id} className="rounded-md border border-slate-200 p-3">
      {title && <legend className="px-1 text-sm font-medium text-slate-700">{title}</legend>}
      {description}
      {properties.map((p) => p.content)}
    </fieldset>
  );
}

function TitleFieldTemplate({ id, title }: TitleFieldProps) {
  return (
    <h3 id={id} className="text-sm font-semibold text-slate-800">
      {title}
    </h3>
  );
}

function DescriptionFieldTemplate({ id, description }: DescriptionFieldProps) {
  if (!description) return null;
  return (
    <p id={id} className="text-xs text-slate-500">
      {description}
    </p>
  );
}

function FieldErrorTemplate({ errors, fieldPathId }: FieldErrorProps) {
  if (!errors?.length) return null;
  return (
    <ul id={`${fieldPathId.$id}__error`} className="mt-1 text-xs text-red-700">
      {errors.map((e, i) => (
        <li key={i}>{e}</li>
      ))}
    </ul>
  );
}

function ErrorListTemplate({ errors }: ErrorListProps) {
  return (
    <div role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800">
      <p className="font-medium">Please fix:</p>
      <ul className="list-inside list-disc">
        {errors.map((e, i) => (
          <li key={i}>{e.stack}</li>
        ))}
      </ul>
    </div>
  );
}

function BaseInputTemplate(props: WidgetProps) {
  const {
    id,
    htmlName,
    value,
    readonly,
    disabled,
    autofocus,
    onBlur,
    onFocus,
    onChange,
    options,
    schema,
    type,
    rawErrors,
    placeholder,
    required,
  } = props;
  const inputProps = getInputProps(schema, type, options);
  const inputValue =
    inputProps.type === "number" || inputProps.type === "integer"
      ? value || value === 0
        ? value
        : ""
      : (value ?? "");
  return (
    <input
      id={id}
      name={htmlName || id}
      className={inputClass}
      readOnly={readonly}
      disabled={disabled}
      autoFocus={autofocus}
      required={required}
      placeholder={placeholder}
      value={inputValue}
      {...inputProps}
      aria-invalid={rawErrors?.length ? true : undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e: ChangeEvent<HTMLInputElement>) =>
        onChange(e.target.value === "" ? options.emptyValue : e.target.value)
      }
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

function TextareaWidget({
  id,
  htmlName,
  value,
  disabled,
  readonly,
  onChange,
  onBlur,
  onFocus,
  options,
  required,
}: WidgetProps) {
  return (
    <textarea
      id={id}
      name={htmlName || id}
      rows={(options.rows as number) ?? 5}
      spellCheck={options.code ? false : undefined}
      className={`${inputClass} ${options.code ? "font-mono text-xs" : ""}`}
      value={value ?? ""}
      disabled={disabled}
      readOnly={readonly}
      required={required}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e) => onChange(e.target.value === "" ? options.emptyValue : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

function SelectWidget({
  id,
  htmlName,
  value,
  disabled,
  readonly,
  onChange,
  onBlur,
  onFocus,
  options,
  required,
  schema,
  placeholder,
}: WidgetProps) {
  const enumOptions = (options.enumOptions ?? []) as { value: unknown; label: string }[];
  const index = enumOptions.findIndex((o) => o.value === value);
  return (
    <select
      id={id}
      name={htmlName || id}
      className={inputClass}
      value={index < 0 ? "" : String(index)}
      disabled={disabled || readonly}
      required={required}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e) =>
        onChange(e.target.value === "" ? options.emptyValue : enumOptions[Number(e.target.value)]?.value)
      }
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
    >
      {schema.default === undefined && <option value="">{placeholder || "—"}</option>}
      {enumOptions.map((o, i) => (
        <option key={i} value={String(i)}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function CheckboxWidget({
  id,
  htmlName,
  value,
  disabled,
  readonly,
  onChange,
  onBlur,
  onFocus,
  label,
  schema,
}: WidgetProps) {
  return (
    <div>
      <label className="inline-flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          id={id}
          name={htmlName || id}
          checked={value === true}
          disabled={disabled || readonly}
          className="h-4 w-4 rounded border-slate-300 accent-brand-600"
          aria-describedby={ariaDescribedByIds(id)}
          onChange={(e) => onChange(e.target.checked)}
          onBlur={(e) => onBlur(id, e.target.checked)}
          onFocus={(e) => onFocus(id, e.target.checked)}
        />
        {label}
      </label>
      {schema.description && (
        <p id={descriptionId(id)} className="text-xs text-slate-500">
          {schema.description}
        </p>
      )}
    </div>
  );
}

/** Free-form values and formulas: a JSON textarea that only hands valid JSON to the form. */
function JsonField(props: FieldProps) {
  const { formData, onChange, fieldPathId, schema, name, required, disabled, readonly, uiSchema } = props;
  const id = fieldPathId.$id;
  const label = (uiSchema?.["ui:title"] as string) ?? schema.title ?? name;
  const [text, setText] = useState(() => (formData === undefined ? "" : JSON.stringify(formData, null, 2)));
  const [error, setError] = useState<string>();
  const ref = useRef<HTMLTextAreaElement>(null);
  const target = useJsonTarget();
  const errId = useId();
  const last = useRef(formData);
  // Reload the text when the value changes from outside (e.g. after a reset).
  useEffect(() => {
    if (JSON.stringify(formData) !== JSON.stringify(last.current)) {
      last.current = formData;
      setText(formData === undefined ? "" : JSON.stringify(formData, null, 2));
      setError(undefined);
    }
  }, [formData]);
  useEffect(() => () => target?.setInvalid(id, false), [target, id]);

  const update = (next: string) => {
    setText(next);
    if (!next.trim()) {
      setError(undefined);
      target?.setInvalid(id, false);
      last.current = undefined;
      onChange(undefined, fieldPathId.path);
      return;
    }
    try {
      const parsed = JSON.parse(next) as unknown;
      setError(undefined);
      target?.setInvalid(id, false);
      last.current = parsed;
      onChange(parsed, fieldPathId.path);
    } catch (e) {
      setError(`Invalid JSON: ${(e as Error).message}`);
      target?.setInvalid(id, true);
    }
  };
  const insert = (snippet: string) => {
    const el = ref.current;
    if (!el) return;
    // The picker keeps the `insert` captured at focus time: read the live text from the element.
    const text = el.value;
    const start = el.selectionStart ?? text.length;
    const end = el.selectionEnd ?? text.length;
    const next = !text.trim() ? snippet : text.slice(0, start) + snippet + text.slice(end);
    update(next);
    requestAnimationFrame(() => {
      el.focus();
      const pos = (!text.trim() ? 0 : start) + snippet.length;
      el.setSelectionRange(pos, pos);
    });
  };
  return (
    <div>
      <label htmlFor={id} className="mb-1 flex items-center gap-2 text-sm font-medium text-slate-700">
        <span>
          {label}
          {required && <span className="ml-0.5 text-red-600">*</span>}
        </span>
        <span className="rounded bg-slate-100 px-1 text-[10px] font-normal text-slate-500">
          JSON / formula
        </span>
      </label>
      {schema.description && <p className="mb-1 text-xs text-slate-500">{schema.description}</p>}
      <textarea
        ref={ref}
        id={id}
        value={text}
        rows={Math.min(18, Math.max(3, text.split("\n").length + 1))}
        spellCheck={false}
        disabled={disabled}
        readOnly={readonly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        data-json-field={name}
        onFocus={() => target?.setActive({ label: String(label), insert })}
        onChange={(e) => update(e.target.value)}
        className={`${inputClass} font-mono text-xs`}
      />
      {error && (
        <p id={errId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export const templates: Partial<TemplatesType> = {
  FieldTemplate,
  ObjectFieldTemplate,
  TitleFieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  ErrorListTemplate,
  BaseInputTemplate,
  ButtonTemplates: { SubmitButton: () => null } as unknown as TemplatesType["ButtonTemplates"],
};

export const widgets: RegistryWidgetsType = { TextareaWidget, SelectWidget, CheckboxWidget };
/** Setup/validation errors that name this field, shown on it. */
function FieldErrors({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <ul data-testid="field-errors" className="mb-1 space-y-0.5 text-xs text-red-700">
      {messages.map((m, i) => (
        <li key={i}>⚠ {m}</li>
      ))}
    </ul>
  );
}

type MappingEditorProps = {
  value: unknown;
  label: string;
  schema: JsonSchema;
  disabled?: boolean;
  onChange: (value: unknown) => void;
};

/**
 * A field edited by a mapping editor when the form knows its variables (else as JSON): its title, required
 * mark, description (when `describe`), the setup errors its path names, then the editor.
 */
function mappingField(Editor: (props: MappingEditorProps) => ReactNode, describe: boolean) {
  return function MappingField(props: FieldProps) {
    const mapping = useMapping();
    const { formData, onChange, fieldPathId, schema, name, required, disabled, readonly, uiSchema } = props;
    if (!mapping) return <JsonField {...props} />;
    const label = String((uiSchema?.["ui:title"] as string) ?? schema.title ?? name);
    return (
      <div data-value-field={name}>
        <p className="mb-1 text-sm font-medium text-slate-700">
          {label}
          {required && <span className="ml-0.5 text-red-600">*</span>}
        </p>
        {describe && schema.description && (
          <p className="mb-1 text-xs text-slate-500">{schema.description}</p>
        )}
        <FieldErrors messages={errorsAt(mapping, fieldPathId.path)} />
        <Editor
          value={formData}
          label={label}
          schema={schema as JsonSchema}
          disabled={disabled || readonly}
          onChange={(v) => onChange(v, fieldPathId.path)}
        />
      </div>
    );
  };
}

/** A mapping field: the value editor (chips, templates, functions). */
const ValueField = mappingField((p) => <ValueEditor {...p} />, true);

/** A condition (`x-editor: "condition"`): the condition builder, rows of field · operator · value. */
const ConditionField = mappingField(
  ({ value, label, disabled, onChange }) => (
    <ConditionEditor value={value} label={label} disabled={disabled} onChange={onChange} />
  ),
  false,
);

/** A free-form object (`x-editor: "key-value"`): rows of name + value (`x-row-label` names a row). */
const KeyValueField = mappingField(
  (p) => <KeyValueEditor {...p} noun={(p.schema["x-row-label"] as string | undefined) ?? "field"} />,
  true,
);

/** A list to iterate (`x-editor: "list"`): the value editor, with variables that are not arrays flagged. */
const ListField = mappingField((p) => <ValueEditor {...p} schema={{ ...p.schema, type: "array" }} />, true);

/** Code (`x-editor: "code"`): monospace with line numbers, and the shape of `input`. */
const CodeField = mappingField((p) => <CodeEditor {...p} />, true);

/**
 * A value that is itself a JSON Schema (a response's or a returned value's fields, `x-editor: "schema"` or a
 * key ending in "schema"): rows of fields, with "Edit as JSON" for what the rows cannot show.
 */
function SchemaField(props: FieldProps) {
  const { formData, onChange, fieldPathId, schema, name, required, disabled, readonly, uiSchema } = props;
  const [asJson, setAsJson] = useState(() => !editableAsFields(formData));
  const label = String((uiSchema?.["ui:title"] as string) ?? schema.title ?? name);
  const rowsOk = editableAsFields(formData);
  const toggle = (
    <button
      type="button"
      className="text-xs text-brand-700 hover:underline disabled:text-slate-400 disabled:no-underline"
      disabled={asJson && !rowsOk}
      title={asJson && !rowsOk ? "This schema uses keywords the field list cannot show" : undefined}
      aria-label={asJson ? `Edit ${label} as fields` : `Edit ${label} as JSON`}
      onClick={() => setAsJson((v) => !v)}
    >
      {asJson ? "Edit as fields" : "Edit as JSON"}
    </button>
  );
  if (asJson)
    return (
      <div data-schema-field={name}>
        <div className="flex justify-end">{toggle}</div>
        <JsonField {...props} />
      </div>
    );
  return (
    <div data-schema-field={name}>
      <div className="mb-1 flex items-center gap-2">
        <p className="text-sm font-medium text-slate-700">
          {label}
          {required && <span className="ml-0.5 text-red-600">*</span>}
        </p>
        <span className="ml-auto">{toggle}</span>
      </div>
      {schema.description && <p className="mb-1 text-xs text-slate-500">{schema.description}</p>}
      <SchemaFieldsEditor
        value={formData}
        label={label}
        disabled={disabled || readonly}
        onChange={(v) => onChange(v, fieldPathId.path)}
      />
    </div>
  );
}

/** A node of this flow (`x-editor: "node"`, e.g. the loop's first node): a select of the nodes by name. */
function NodeKeyField(props: FieldProps) {
  const { formData, onChange, fieldPathId, schema, name, required, disabled, readonly, uiSchema } = props;
  const mapping = useMapping();
  const id = fieldPathId.$id;
  const label = String((uiSchema?.["ui:title"] as string) ?? schema.title ?? name);
  const names = mapping?.nodeNames ?? {};
  const value = typeof formData === "string" ? formData : "";
  const keys = Object.keys(names);
  if (value && !keys.includes(value)) keys.push(value);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
        {required && <span className="ml-0.5 text-red-600">*</span>}
      </label>
      {schema.description && <p className="mb-1 text-xs text-slate-500">{schema.description}</p>}
      <select
        id={id}
        value={value}
        disabled={disabled || readonly}
        className={inputClass}
        onChange={(e) => onChange(e.target.value || undefined, fieldPathId.path)}
      >
        <option value="">Choose a step…</option>
        {keys.map((k) => (
          <option key={k} value={k}>
            {names[k] && names[k] !== k ? `${names[k]} (${k})` : k}
          </option>
        ))}
      </select>
    </div>
  );
}

export const fields: RegistryFieldsType = {
  node: NodeKeyField,
  json: JsonField,
  schema: SchemaField,
  value: ValueField,
  condition: ConditionField,
  keyValue: KeyValueField,
  list: ListField,
  code: CodeField,
};
