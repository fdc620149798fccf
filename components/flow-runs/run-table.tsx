import Link from "next/link";
import { RunStateBadge } from "@/components/ui/badge";
import { Time } from "@/components/ui/time";
import { runDuration } from "@/components/flow-runs/duration";

type When = string | Date;
export type RunRow = {
  id: string;
  state: string;
  flowInstanceId: string;
  customerId: string;
  flowId: string;
  launchedBy: Record<string, unknown>;
  startTime: When;
  endTime?: When;
};

/** Runs as a table; with `names`, also which customer, flow and instance each belongs to. */
export function RunTable({
  runs,
  names,
  caption,
}: {
  runs: RunRow[];
  names?: {
    customers: Record<string, { name: string } | undefined>;
    flows: Record<string, string | undefined>;
    instances: Record<string, string | undefined>;
  };
  caption: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-3 py-2">
              Run
            </th>
            <th scope="col" className="px-3 py-2">
              State
            </th>
            {names && (
              <th scope="col" className="px-3 py-2">
                Customer
              </th>
            )}
            {names && (
              <th scope="col" className="px-3 py-2">
                Flow / instance
              </th>
            )}
            <th scope="col" className="px-3 py-2">
              Launched by
            </th>
            <th scope="col" className="px-3 py-2">
              Started
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
                  href={`/flow-runs/${r.id}`}
                  className="font-mono text-xs text-brand-700 hover:underline"
                >
                  {r.id}
                </Link>
              </td>
              <td className="px-3 py-2">
                <RunStateBadge state={r.state} />
              </td>
              {names && (
                <td className="px-3 py-2">
                  <Link className="hover:underline" href={`/customers/${r.customerId}`}>
                    {names.customers[r.customerId]?.name ?? r.customerId}
                  </Link>
                </td>
              )}
              {names && (
                <td className="px-3 py-2">
                  <Link className="hover:underline" href={`/flow-instances/${r.flowInstanceId}`}>
                    {names.instances[r.flowInstanceId] ?? names.flows[r.flowId] ?? r.flowInstanceId}
                  </Link>
                </td>
              )}
              <td className="px-3 py-2 text-slate-600">{String(r.launchedBy?.type ?? "")}</td>
              <td className="px-3 py-2 text-slate-600">
                <Time value={r.startTime} />
              </td>
              <td className="px-3 py-2 text-slate-600 tabular-nums">{runDuration(r) ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
