"use client";

import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema, ValidatorType } from "@rjsf/utils";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { buildUiSchema } from "./ui-schema";
import { fields, templates, widgets } from "./rjsf-theme";
import { lightValidator } from "./light-validator";

// Ajv only for the forms that validate (parameters): the node panel and run dialog do not load it.
let ajvValidator: ValidatorType | undefined;
const loadAjv = () => import("@rjsf/validator-ajv8").then((m) => (ajvValidator = m.default as ValidatorType));

export type SchemaFormProps = {
  schema: JsonSchema;
  formData: unknown;
  onChange: (value: unknown) => void;
  onSubmit?: (value: unknown) => void;
  /** Node configs hold formulas where the schema says "string": the server validates them in setup instead. */
  validate?: boolean;
  idPrefix?: string;
  disabled?: boolean;
  children?: ReactNode;
};

/** An rjsf form with the console's Tailwind theme; free-form and formula fields become JSON editors. */
export default function SchemaForm({
  schema,
  formData,
  onChange,
  onSubmit,
  validate = true,
  idPrefix = "root",
  disabled,
  children,
}: SchemaFormProps) {
  // The widget choice depends on the value the form opened with (formula or not); recomputing on every
  // keystroke would swap a typed input for a JSON editor mid-typing. So the value is snapshotted per schema.
  const [opened, setOpened] = useState({ schema, formData });
  if (opened.schema !== schema) setOpened({ schema, formData });
  const uiSchema = useMemo(() => buildUiSchema(opened.schema, opened.formData) as UiSchema, [opened]);
  const [validator, setValidator] = useState<ValidatorType | undefined>(() =>
    validate ? ajvValidator : lightValidator,
  );
  useEffect(() => {
    if (validate && !validator) loadAjv().then(setValidator);
  }, [validate, validator]);
  if (!validator) return <div className="h-16 animate-pulse rounded bg-slate-50" aria-busy />;
  return (
    <Form
      schema={schema as RJSFSchema}
      uiSchema={uiSchema}
      formData={formData}
      validator={validator}
      templates={templates}
      widgets={widgets}
      fields={fields}
      idPrefix={idPrefix}
      disabled={disabled}
      // Rendered as a <div>: the form sits inside the console's own <form>s and dialogs.
      tagName="div"
      noValidate={!validate}
      liveValidate={validate ? "onBlur" : false}
      showErrorList={false}
      noHtml5Validate
      onChange={(e) => onChange(e.formData)}
      onSubmit={(e) => onSubmit?.(e.formData)}
    >
      {children ?? <span />}
    </Form>
  );
}
