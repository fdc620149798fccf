"use client";

import Link from "next/link";
import { useState } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useBulkRunner, type BulkActionName, type BulkRun } from "./use-bulk-runner";

export type BulkButton = {
  action: BulkActionName;
  /** The button, e.g. "Disable selected". */
  label: string;
  /** The verb for the confirmation, e.g. "Disable". */
  verb: string;
  variant?: ButtonVariant;
};

export type Noun = { one: string; many: string };

const count = (n: number, noun: Noun) => `${n.toLocaleString("en-US")} ${n === 1 ? noun.one : noun.many}`;

/** Appears once rows are selected: action buttons, then progress and a per-item summary. */
export function BulkBar({
  selected,
  labels,
  basePath,
  actions,
  noun,
  onClear,
  onSelectOnly,
}: {
  selected: string[];
  labels: Record<string, string>;
  basePath: string;
  actions: BulkButton[];
  noun: Noun;
  onClear: () => void;
  onSelectOnly: (ids: string[]) => void;
}) {
  const bulk = useBulkRunner();
  const [confirming, setConfirming] = useState<BulkButton | undefined>();
  const running = !!bulk.run?.running;
  if (!selected.length && !bulk.run) return null;
  return (
    <section
      aria-label="Bulk actions"
      // Sticky while selecting and running, so the buttons stay at hand in a long list; a finished
      // summary can be tall and scrolls away with the page instead of covering the rows.
      className={`${bulk.run && !running ? "" : "sticky top-0 z-10"} mb-3 rounded-lg border border-brand-100 bg-brand-50/95 p-3 shadow-sm backdrop-blur`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span data-testid="bulk-selected" className="mr-2 text-sm font-medium text-slate-800">
          {count(selected.length, noun)} selected
        </span>
        {actions.map((a) => (
          <Button
            key={a.action}
            variant={a.variant}
            size="sm"
            disabled={running || !selected.length}
            onClick={() => setConfirming(a)}
          >
            {a.label}
          </Button>
        ))}
        {!!selected.length && (
          <Button variant="ghost" size="sm" disabled={running} onClick={onClear}>
            Clear selection
          </Button>
        )}
      </div>
      {bulk.run && (
        <Progress
          run={bulk.run}
          labels={labels}
          basePath={basePath}
          verb={actions.find((a) => a.action === bulk.run!.action)?.verb ?? bulk.run.action}
          onCancel={bulk.cancel}
          onDismiss={bulk.dismiss}
          onSelectOnly={onSelectOnly}
        />
      )}
      <Dialog
        open={!!confirming}
        onClose={() => setConfirming(undefined)}
        title={confirming ? `${confirming.verb} ${count(selected.length, noun)}?` : ""}
      >
        <p className="text-sm text-slate-600">
          Each {noun.one} is handled on its own and recorded in the audit log; one failing does not stop the
          others. You get a summary of what succeeded and what failed.
        </p>
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setConfirming(undefined)}>
            Cancel
          </Button>
          <Button
            variant={confirming?.variant === "danger" ? "dangerSolid" : "primary"}
            autoFocus
            onClick={() => {
              const a = confirming!;
              setConfirming(undefined);
              void bulk.start(a.action, selected);
            }}
          >
            {confirming ? `${confirming.verb} ${selected.length}` : ""}
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function Progress({
  run,
  labels,
  basePath,
  verb,
  onCancel,
  onDismiss,
  onSelectOnly,
}: {
  run: BulkRun;
  labels: Record<string, string>;
  basePath: string;
  verb: string;
  onCancel: () => void;
  onDismiss: () => void;
  onSelectOnly: (ids: string[]) => void;
}) {
  const done = run.results.length;
  const failed = run.results.filter((r) => !r.ok);
  const succeeded = run.results.filter((r) => r.ok);
  const pct = run.total ? Math.round((done / run.total) * 100) : 100;
  const label = (id: string) => labels[id] ?? id;
  return (
    <div className="mt-3 border-t border-brand-100 pt-3 text-sm">
      <div className="flex items-center gap-3">
        <span className="font-medium text-slate-700">{verb}</span>
        <div
          role="progressbar"
          aria-label={`${verb} progress`}
          aria-valuemin={0}
          aria-valuemax={run.total}
          aria-valuenow={done}
          aria-valuetext={`${done} / ${run.total}`}
          className="h-2 max-w-md flex-1 overflow-hidden rounded-full bg-white ring-1 ring-brand-100"
        >
          <div
            className={`h-full transition-[width] ${failed.length ? "bg-amber-500" : "bg-brand-600"}`}
            style={{ width: `${pct}%` }}
          />
        </div>
        <span data-testid="bulk-progress" className="text-slate-600 tabular-nums">
          {done} / {run.total}
        </span>
        {run.running ? (
          <Button variant="ghost" size="sm" onClick={onCancel}>
            Cancel
          </Button>
        ) : (
          <Button variant="ghost" size="sm" onClick={onDismiss}>
            Dismiss
          </Button>
        )}
      </div>
      {!run.running && (
        <div className="mt-3" data-testid="bulk-summary">
          <p role="status" className="font-medium text-slate-800">
            {succeeded.length} succeeded, {failed.length} failed
            {run.skipped.length ? `, ${run.skipped.length} not attempted (cancelled)` : ""}
          </p>
          {failed.length > 0 && (
            <>
              <ul
                aria-label="Failed"
                className="mt-2 max-h-60 space-y-1 overflow-auto rounded-md border border-red-200 bg-white p-2"
              >
                {failed.map((r) => (
                  <li key={r.id} className="flex flex-wrap gap-x-2">
                    <Link href={`${basePath}/${r.id}`} className="font-medium text-red-800 hover:underline">
                      {label(r.id)}
                    </Link>
                    <span className="text-red-700">{r.ok ? "" : r.error}</span>
                  </li>
                ))}
              </ul>
              <Button size="sm" className="mt-2" onClick={() => onSelectOnly(failed.map((r) => r.id))}>
                Select the failed only
              </Button>
            </>
          )}
          {succeeded.length > 0 && (
            <details className="mt-2">
              <summary className="cursor-pointer text-slate-600">Succeeded ({succeeded.length})</summary>
              <ul
                aria-label="Succeeded"
                className="mt-1 max-h-60 space-y-0.5 overflow-auto rounded-md border border-slate-200 bg-white p-2"
              >
                {succeeded.map((r) => (
                  <li key={r.id} className="flex flex-wrap gap-x-2">
                    <Link href={`${basePath}/${r.id}`} className="hover:underline">
                      {label(r.id)}
                    </Link>
                    {r.ok && r.resultId && (
                      <Link href={`/flow-runs/${r.resultId}`} className="text-brand-700 hover:underline">
                        new run {r.resultId}
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
