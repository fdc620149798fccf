"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useActions } from "@/components/actions/actions-provider";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useOptimisticAction } from "@/components/ui/use-optimistic-action";
import { queryKeys } from "@/components/live/change-stream";
import type { JsonSchema } from "@/lib/core/schema";

// rjsf (and ajv) load only when the dialog opens.
const SchemaForm = dynamic(() => import("@/components/node-config/schema-form"), {
  ssr: false,
  loading: () => <p className="text-sm text-slate-500">Loading form…</p>,
});

const hasFields = (s?: JsonSchema) => !!s && !!s.properties && Object.keys(s.properties).length > 0;

export function RunButton({
  instanceId,
  inputSchema,
  startNodeKey,
  runHref = (runId) => `/flow-runs/${runId}`,
}: {
  instanceId: string;
  inputSchema?: JsonSchema;
  startNodeKey?: string;
  /** Where to go once the run started. */
  runHref?: (runId: string) => string;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState<unknown>({});
  const withForm = hasFields(inputSchema);
  // The form first; the raw JSON behind "Edit as JSON" (always, when the input schema has no fields).
  const [asJson, setAsJson] = useState(false);
  const showJson = asJson || !withForm;
  const [text, setText] = useState("{}");
  const [textError, setTextError] = useState(false);
  const [error, setError] = useState<string>();
  const [formKey, setFormKey] = useState(0);
  const formBox = useRef<HTMLDivElement>(null);
  const router = useRouter();
  // The instance's runs list reads again (the stream would also tell it); the page moves to the new run.
  const action = useOptimisticAction({ invalidates: [queryKeys.runs(instanceId)], refresh: false });
  const { runInstance: runAction } = useActions();

  // The form loads on open (its own chunk): focus its first field once it is there.
  const formShown = open && !showJson;
  useEffect(() => {
    const box = formBox.current;
    if (!formShown || !box) return;
    // Done once a field of the form has the focus (the first one may be in the DOM before it can take it,
    // and the dialog moves the focus when it opens); checked each frame while the form's chunk loads.
    const focused = () => {
      if (box.contains(document.activeElement)) return true;
      box
        .querySelector<HTMLElement>("input:not([disabled]), select:not([disabled]), textarea:not([disabled])")
        ?.focus();
      return box.contains(document.activeElement);
    };
    const until = performance.now() + 10_000;
    let frame = 0;
    const tick = () => {
      if (!focused() && performance.now() < until) frame = requestAnimationFrame(tick);
    };
    tick();
    return () => cancelAnimationFrame(frame);
  }, [formShown, formKey]);

  const parseText = (t: string): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(t.trim() || "{}") };
    } catch {
      return { ok: false };
    }
  };
  const toggleJson = () => {
    if (asJson) {
      const parsed = parseText(text);
      if (!parsed.ok) return;
      setValue(parsed.value);
      setFormKey((k) => k + 1);
      setAsJson(false);
    } else {
      setText(JSON.stringify(value ?? {}, null, 2));
      setTextError(false);
      setAsJson(true);
    }
  };
  const fromText = (t: string) => {
    setText(t);
    setTextError(!parseText(t).ok);
  };
  const submit = () => {
    let input: unknown = value ?? {};
    if (showJson) {
      const parsed = parseText(text);
      if (!parsed.ok) {
        setError("Input is not valid JSON");
        return;
      }
      input = parsed.value;
    }
    setError(undefined);
    action.run({
      action: () => runAction(instanceId, input, startNodeKey),
      success: "Run started",
      onError: setError,
      onOk: (d) => router.push(runHref(d.id)),
    });
  };
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Run
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Run with input" wide>
        {/* noValidate: required fields are checked by the server, whose message names the field. */}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {withForm && (
            <div className="mb-1 flex justify-end">
              <button
                type="button"
                className="text-xs text-brand-700 hover:underline disabled:text-slate-400 disabled:no-underline"
                disabled={asJson && textError}
                title={asJson && textError ? "Fix the JSON to go back to the form" : undefined}
                aria-label={asJson ? "Edit input as fields" : "Edit input as JSON"}
                onClick={toggleJson}
              >
                {asJson ? "Edit as fields" : "Edit as JSON"}
              </button>
            </div>
          )}
          {withForm && !asJson && (
            <div
              ref={formBox}
              className="mb-4 rounded-md border border-slate-200 p-3"
              data-testid="run-input-form"
            >
              <SchemaForm
                key={formKey}
                idPrefix="run-input"
                schema={inputSchema!}
                formData={value}
                onChange={setValue}
                validate={false}
              >
                <span />
              </SchemaForm>
            </div>
          )}
          {showJson && (
            <>
              <label className="block text-sm font-medium text-slate-700" htmlFor="run-input-json">
                Input (JSON)
              </label>
              <textarea
                id="run-input-json"
                value={text}
                onChange={(e) => fromText(e.target.value)}
                rows={8}
                spellCheck={false}
                aria-invalid={textError || undefined}
                aria-describedby={textError ? "run-input-json-error" : undefined}
                className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
              />
              {textError && (
                <p id="run-input-json-error" className="mt-1 text-xs text-red-700">
                  Not valid JSON yet
                </p>
              )}
            </>
          )}
          {error && (
            <p role="alert" className="mt-2 text-sm text-red-700">
              {error}
            </p>
          )}
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={action.pending}>
              {action.pending ? "Starting…" : "Start run"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
