"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";
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
  const [text, setText] = useState("{}");
  const [error, setError] = useState<string>();
  const [formKey, setFormKey] = useState(0);
  const router = useRouter();
  // The instance's runs list reads again (the stream would also tell it); the page moves to the new run.
  const action = useOptimisticAction({ invalidates: [queryKeys.runs(instanceId)], refresh: false });
  const { runInstance: runAction } = useActions();

  const fromForm = (v: unknown) => {
    setValue(v);
    setText(JSON.stringify(v ?? {}, null, 2));
  };
  const fromText = (t: string) => {
    setText(t);
    try {
      setValue(JSON.parse(t || "{}"));
      setFormKey((k) => k + 1);
      setError(undefined);
    } catch {
      setError("Input is not valid JSON");
    }
  };
  const submit = () => {
    let input: unknown;
    try {
      input = JSON.parse(text || "{}");
    } catch {
      setError("Input is not valid JSON");
      return;
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
          {hasFields(inputSchema) && (
            <div className="mb-4 rounded-md border border-slate-200 p-3" data-testid="run-input-form">
              <SchemaForm
                key={formKey}
                idPrefix="run-input"
                schema={inputSchema!}
                formData={value}
                onChange={fromForm}
                validate={false}
              >
                <span />
              </SchemaForm>
            </div>
          )}
          <label className="block text-sm font-medium text-slate-700" htmlFor="run-input-json">
            Input (JSON)
          </label>
          <textarea
            id="run-input-json"
            value={text}
            onChange={(e) => fromText(e.target.value)}
            rows={hasFields(inputSchema) ? 4 : 8}
            spellCheck={false}
            className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-xs"
          />
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
