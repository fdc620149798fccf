"use client";

import { useId, useRef, useState } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { schemaShape } from "@/lib/core/schema/shape";
import { useMapping } from "./value-editor";

/**
 * Code (`x-editor: "code"`): a monospace text area with a line-number gutter, Tab indenting, and the shape of
 * the `input` the code receives (the node's input schema) one click away.
 */
export function CodeEditor({
  value,
  label,
  disabled,
  onChange,
}: {
  value: unknown;
  label: string;
  schema?: JsonSchema;
  disabled?: boolean;
  onChange: (v: unknown) => void;
}) {
  const m = useMapping();
  const text = typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value, null, 2);
  const lines = Math.max(1, text.split("\n").length);
  const gutter = useRef<HTMLDivElement>(null);
  const [showInput, setShowInput] = useState(false);
  const shapeId = useId();
  const input = m?.contextSchema.properties?.input as JsonSchema | undefined;
  return (
    <div>
      <div className="flex max-h-96 overflow-hidden rounded-md border border-slate-300 bg-slate-950 focus-within:border-brand-500">
        <div
          ref={gutter}
          aria-hidden
          data-testid="code-gutter"
          className="shrink-0 overflow-hidden bg-slate-900 px-2 py-2 text-right font-mono text-xs leading-5 text-slate-400 select-none"
        >
          {Array.from({ length: lines }, (_, i) => (
            <div key={i}>{i + 1}</div>
          ))}
        </div>
        <textarea
          aria-label={label}
          value={text}
          disabled={disabled}
          spellCheck={false}
          wrap="off"
          rows={Math.min(20, Math.max(6, lines + 1))}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={(e) => {
            if (e.key !== "Tab" || e.shiftKey) return;
            e.preventDefault();
            const el = e.currentTarget;
            const start = el.selectionStart;
            const next = text.slice(0, start) + "  " + text.slice(el.selectionEnd);
            onChange(next);
            requestAnimationFrame(() => el.setSelectionRange(start + 2, start + 2));
          }}
          onChange={(e) => onChange(e.target.value)}
          className="min-w-0 flex-1 resize-none bg-transparent px-2 py-2 font-mono text-xs leading-5 text-slate-100 outline-none"
        />
      </div>
      <button
        type="button"
        aria-expanded={showInput}
        aria-controls={shapeId}
        onClick={() => setShowInput(!showInput)}
        className="mt-1 text-xs font-medium text-brand-700 hover:underline"
      >
        {showInput ? "Hide" : "Show"} the shape of <code>input</code>
      </button>
      {showInput && (
        <pre
          id={shapeId}
          data-testid="input-shape"
          className="mt-1 max-h-56 overflow-auto rounded-md bg-slate-50 p-2 font-mono text-[11px] text-slate-700"
        >
          {`input: ${schemaShape(input)}`}
        </pre>
      )}
    </div>
  );
}
