"use client";

import { useState } from "react";
import { formatLocator, type JsonSchema, type LocatorStep } from "@/lib/core/schema";

const typeLabel = (s: JsonSchema | undefined) =>
  !s ? "any" : Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? (s.properties ? "object" : "any"));

/**
 * A JSON Schema as a field tree. With `onPick`, every field gets an insert button that hands back its
 * locator (`$.input.<node>.<field>` when `root` is ["$", "input"]).
 */
export function SchemaTree({
  schema,
  root = [],
  onPick,
  emptyText = "No fields",
  labelFor,
}: {
  schema: JsonSchema | undefined;
  root?: LocatorStep[];
  onPick?: (locator: string) => void;
  emptyText?: string;
  labelFor?: (key: string) => string | undefined;
}) {
  const props = schema?.properties ?? {};
  if (!Object.keys(props).length)
    return (
      <p className="text-xs text-slate-500">
        {schema && schema.type && schema.type !== "object"
          ? `A single ${typeLabel(schema)} value`
          : emptyText}
      </p>
    );
  return (
    <ul role="tree" className="text-xs">
      {Object.entries(props).map(([k, s]) => (
        <TreeItem
          key={k}
          name={k}
          title={labelFor?.(k)}
          schema={s}
          path={[...root, k]}
          onPick={onPick}
          depth={0}
        />
      ))}
    </ul>
  );
}

function TreeItem({
  name,
  title,
  schema,
  path,
  onPick,
  depth,
}: {
  name: string;
  title?: string;
  schema: JsonSchema;
  path: LocatorStep[];
  onPick?: (locator: string) => void;
  depth: number;
}) {
  const children = schema?.properties ?? (schema?.items as JsonSchema | undefined)?.properties;
  const hasChildren = !!children && Object.keys(children).length > 0;
  const [open, setOpen] = useState(depth < 1);
  const isArray = schema?.type === "array";
  const childPath = isArray ? [...path, 0] : path;
  return (
    <li
      role="treeitem"
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={false}
      className="py-0.5"
    >
      <div className="flex items-center gap-1">
        {hasChildren ? (
          <button
            type="button"
            aria-label={`${open ? "Collapse" : "Expand"} ${name}`}
            onClick={() => setOpen((o) => !o)}
            className="w-4 rounded text-slate-500 hover:bg-slate-200"
          >
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="w-4" />
        )}
        <span className="font-mono text-slate-800">{name}</span>
        {title && <span className="truncate text-slate-500">{title}</span>}
        <span className="text-slate-500">{typeLabel(schema)}</span>
        {onPick && (
          <button
            type="button"
            onClick={() => onPick(formatLocator(path))}
            aria-label={`Insert variable ${formatLocator(path)}`}
            className="ml-auto rounded border border-slate-200 bg-white px-1.5 text-[11px] text-brand-700 hover:bg-brand-50"
          >
            Insert
          </button>
        )}
      </div>
      {hasChildren && open && (
        <ul role="group" className="ml-3 border-l border-slate-200 pl-1">
          {Object.entries(children!).map(([k, s]) => (
            <TreeItem
              key={k}
              name={isArray ? `[] ${k}` : k}
              schema={s}
              path={[...childPath, k]}
              onPick={onPick}
              depth={depth + 1}
            />
          ))}
        </ul>
      )}
    </li>
  );
}
