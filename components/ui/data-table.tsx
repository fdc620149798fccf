import type { ReactNode } from "react";

export type Column = string | { label: string; align?: "right"; srOnly?: boolean };

/** Class of a body row: a divider and a hover highlight. */
export const rowClass = "border-b border-slate-100 last:border-0 hover:bg-slate-50";

/**
 * The console's table frame: a bordered, horizontally scrollable card with a screen-reader caption and a
 * header row; `children` are the body rows (`<tr className={rowClass}>` with `<Td>` cells).
 */
export function DataTable({
  caption,
  columns,
  children,
  testId,
}: {
  caption: string;
  columns: Column[];
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            {columns.map((c) => {
              const col = typeof c === "string" ? { label: c } : c;
              return (
                <th
                  key={col.label}
                  scope="col"
                  className={`px-3 py-2 ${col.align === "right" ? "text-right" : ""}`}
                >
                  {col.srOnly ? <span className="sr-only">{col.label}</span> : col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A body cell; `right` aligns numbers. */
export function Td({
  children,
  right,
  className = "",
}: {
  children?: ReactNode;
  right?: boolean;
  className?: string;
}) {
  return <td className={`px-3 py-2 ${right ? "text-right tabular-nums" : ""} ${className}`}>{children}</td>;
}
