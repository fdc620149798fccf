"use client";

import Link from "next/link";
import { RunStateBadge } from "@/components/ui/badge";
import { DataTable, Td, rowClass } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { runDuration } from "@/components/flow-runs/duration";
import { LoadMore, useLiveRuns, type RunsPage } from "@/components/flow-runs/live-run-list";
import { ConnectionIndicator } from "@/components/live/change-stream";

/**
 * The instance's recent runs, each opening the embedded run page (`runHrefTemplate` with `__RUN__` for the
 * run's id). Live like the console's Runs tab: the same query and key, read through the embed's own route
 * and patched by the embed's change stream (a ChangeStreamProvider on /embed/events around it).
 */
export function EmbedRunList({
  instanceId,
  initial,
  runHrefTemplate,
}: {
  instanceId: string;
  initial: RunsPage;
  runHrefTemplate: string;
}) {
  const q = useLiveRuns({
    instanceId,
    initial,
    url: `/embed/flow-instances/${encodeURIComponent(instanceId)}/runs`,
  });
  return (
    <div className="space-y-2">
      <div className="flex justify-end">
        <ConnectionIndicator />
      </div>
      {q.runs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500">
          No runs yet.
        </p>
      ) : (
        <DataTable caption="Recent runs" columns={["Started", "State", "Duration"]} testId="embed-runs">
          {q.runs.map((r) => (
            <tr key={r.id} className={rowClass} data-run-id={r.id}>
              <Td>
                <Link
                  href={runHrefTemplate.replace("__RUN__", encodeURIComponent(r.id))}
                  className="text-brand-700 hover:underline"
                  title={`Run ${r.id}, launched by ${String(r.launchedBy?.type ?? "unknown")}`}
                >
                  <Time value={r.startTime} />
                </Link>
              </Td>
              <Td>
                <RunStateBadge state={r.state} />
              </Td>
              <Td className="text-slate-600 tabular-nums">{runDuration(r) ?? "—"}</Td>
            </tr>
          ))}
        </DataTable>
      )}
      <LoadMore q={q} />
    </div>
  );
}
