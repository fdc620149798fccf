import Link from "next/link";
import { RunStateBadge } from "@/components/ui/badge";
import { DataTable, Td, rowClass } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";
import { runDuration } from "@/components/flow-runs/duration";

type When = string | Date;
export type EmbedRunRow = {
  id: string;
  state: string;
  launchedBy: Record<string, unknown>;
  startTime: When;
  endTime?: When;
  href: string;
};

/** The instance's recent runs, each opening the embedded run page. */
export function EmbedRunList({ runs }: { runs: EmbedRunRow[] }) {
  if (!runs.length)
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500">
        No runs yet.
      </p>
    );
  return (
    <DataTable caption="Recent runs" columns={["Started", "State", "Duration"]} testId="embed-runs">
      {runs.map((r) => (
        <tr key={r.id} className={rowClass}>
          <Td>
            <Link
              href={r.href}
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
  );
}
