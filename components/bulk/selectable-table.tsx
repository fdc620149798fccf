"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { BulkBar, type BulkButton, type Noun } from "./bulk-bar";

export type SelectableRow = {
  id: string;
  /** Names the row for its checkbox ("Select …") and in the bulk summary. */
  label: string;
  /** Rendered on the server; this island only adds the checkbox column and the bulk bar. */
  cells: ReactNode[];
};

/** A list table with a checkbox per row, "Select all" for the page and a bulk bar for the selection. */
export function SelectableTable({
  caption,
  headers,
  rows,
  actions,
  noun,
  basePath,
  empty,
}: {
  caption: string;
  headers: string[];
  rows: SelectableRow[];
  actions: BulkButton[];
  noun: Noun;
  basePath: string;
  /** Shown instead of the table when there are no rows (the bulk summary stays above it). */
  empty: ReactNode;
}) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const lastIndex = useRef<number | undefined>(undefined);
  // Derived from the current rows, so ids that left the page (refresh, filters) are never acted on.
  const selected = rows.filter((r) => picked.has(r.id)).map((r) => r.id);
  const all = rows.length > 0 && selected.length === rows.length;
  const some = selected.length > 0 && !all;
  const headerBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerBox.current) headerBox.current.indeterminate = some;
  }, [some]);
  const labels = Object.fromEntries(rows.map((r) => [r.id, r.label]));

  const toggle = (index: number, checked: boolean, range: boolean) => {
    const from = range && lastIndex.current !== undefined ? Math.min(lastIndex.current, index) : index;
    const to = range && lastIndex.current !== undefined ? Math.max(lastIndex.current, index) : index;
    lastIndex.current = index;
    setPicked((prev) => {
      const next = new Set(prev);
      for (const r of rows.slice(from, to + 1)) {
        if (checked) next.add(r.id);
        else next.delete(r.id);
      }
      return next;
    });
  };

  return (
    <>
      <BulkBar
        selected={selected}
        labels={labels}
        basePath={basePath}
        actions={actions}
        noun={noun}
        onClear={() => setPicked(new Set())}
        onSelectOnly={(ids) => setPicked(new Set(ids))}
      />
      {rows.length === 0 ? (
        empty
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{caption}</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="w-8 px-3 py-2">
                  <input
                    ref={headerBox}
                    type="checkbox"
                    aria-label="Select all"
                    title="Select all on this page"
                    checked={all}
                    onChange={(e) => setPicked(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                    className="size-4 accent-brand-600"
                  />
                </th>
                {headers.map((h) => (
                  <th key={h} scope="col" className="px-3 py-2">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => {
                const on = picked.has(r.id);
                return (
                  <tr
                    key={r.id}
                    className={`border-b border-slate-100 last:border-0 ${on ? "bg-brand-50" : "hover:bg-slate-50"}`}
                  >
                    <td className="w-8 px-3 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Select ${r.label}`}
                        checked={on}
                        // Shift-click selects the range from the last clicked row, as in mail clients.
                        onChange={(e) =>
                          toggle(i, e.target.checked, (e.nativeEvent as MouseEvent).shiftKey === true)
                        }
                        className="size-4 accent-brand-600"
                      />
                    </td>
                    {r.cells.map((c, j) => (
                      <td key={j} className="px-3 py-2">
                        {c}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
