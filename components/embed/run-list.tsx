import Link from "next/link";
import { RunStateBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";

type When = string | Date;
export type EmbedRunRow = {
  id: string;
  state: string;
  launchedBy: Record<string, unknown>;
  startTime: When;
  endTime?: When;
  href: string;
};

const seconds = (a: When, b: When) =>
  ((new Date(b).getTime() - new Date(a).getTime()) / 1000).toFixed(2) + " s";

/** The instance's recent runs, each opening the embedded run page. */
export function EmbedRunList({ runs }: { runs: EmbedRunRow[] }) {
  if (!runs.length)
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500">
        No runs yet.
      </p>
    );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="embed-runs">
        <caption className="sr-only">Recent runs</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">
              Started
            </th>
            <th scope="col" className="px-3 py-2">
              State
            </th>
            <th scope="col" className="px-3 py-2">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              <td className="px-3 py-2">
                <Link
                  href={r.href}
                  className="text-brand-700 hover:underline"
                  title={`Run ${r.id}, launched by ${String(r.launchedBy?.type ?? "unknown")}`}
                >
                  <Time value={r.startTime} />
                </Link>
              </td>
              <td className="px-3 py-2">
                <RunStateBadge state={r.state} />
              </td>
              <td className="px-3 py-2 text-slate-600 tabular-nums">
                {r.endTime ? seconds(r.startTime, r.endTime) : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
