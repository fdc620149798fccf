"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { runInstance } from "@/app/(console)/flow-instances/[id]/actions";

export function RunButton({ instanceId, inputSchema }: { instanceId: string; inputSchema?: object }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("{}");
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const router = useRouter();
  const submit = () =>
    start(async () => {
      let input: unknown;
      try {
        input = JSON.parse(text || "{}");
      } catch {
        setError("Input is not valid JSON");
        return;
      }
      const res = await runInstance(instanceId, input);
      if (!res.ok) setError(res.error);
      else router.push(`/flow-runs/${res.data.id}`);
    });
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Run
      </button>
      {open && (
        <div role="dialog" aria-label="Run flow" className="fixed inset-0 z-50 flex items-center justify-center bg-black/30 p-4">
          <div className="w-full max-w-lg rounded-xl bg-white p-6 shadow-xl">
            <h2 className="mb-3 text-lg font-semibold">Run with input</h2>
            {inputSchema ? (
              <pre className="mb-2 max-h-32 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(inputSchema, null, 2)}</pre>
            ) : null}
            <label className="block text-sm font-medium">
              Input (JSON)
              <textarea
                value={text}
                onChange={(e) => setText(e.target.value)}
                rows={6}
                className="mt-1 block w-full rounded-md border border-slate-300 p-2 font-mono text-sm"
              />
            </label>
            {error && (
              <p role="alert" className="mt-2 text-sm text-red-600">
                {error}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-1.5 text-sm text-slate-600">
                Cancel
              </button>
              <button
                type="button"
                onClick={submit}
                disabled={pending}
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60"
              >
                {pending ? "Starting…" : "Start run"}
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
