"use client";

import { useState } from "react";

const MAX_OPEN_DEPTH = 2;

/** Collapsible JSON tree; objects and arrays deeper than two levels start closed. */
export function JsonViewer({ value, label, testId }: { value: unknown; label?: string; testId?: string }) {
  return (
    <div
      data-testid={testId}
      className="overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 font-mono text-xs leading-5"
    >
      <JsonNode name={label} value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name?: string; value: unknown; depth: number }) {
  const [open, setOpen] = useState(depth < MAX_OPEN_DEPTH);
  const isArr = Array.isArray(value);
  const isObj = value !== null && typeof value === "object";
  const keyLabel = name !== undefined ? <span className="text-violet-700">{name}: </span> : null;
  if (!isObj)
    return (
      <div className="whitespace-pre-wrap break-all">
        {keyLabel}
        <Scalar value={value} />
      </div>
    );
  const entries = isArr
    ? (value as unknown[]).map((v, i) => [String(i), v] as const)
    : Object.entries(value as object);
  const summary = isArr ? `[${entries.length}]` : `{${entries.length}}`;
  if (!entries.length)
    return (
      <div>
        {keyLabel}
        <span className="text-slate-500">{isArr ? "[]" : "{}"}</span>
      </div>
    );
  return (
    <div>
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="rounded text-left hover:bg-slate-200"
      >
        <span className="inline-block w-3 text-slate-500">{open ? "▾" : "▸"}</span>
        {keyLabel}
        <span className="text-slate-500">{summary}</span>
      </button>
      {open && (
        <div className="ml-3 border-l border-slate-200 pl-2">
          {entries.map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} />
          ))}
        </div>
      )}
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-slate-400">{String(value)}</span>;
  if (typeof value === "string") return <span className="text-emerald-700">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="text-blue-700">{value}</span>;
  if (typeof value === "boolean") return <span className="text-amber-700">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}
