import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import { JsonViewer } from "@/components/ui/json-viewer";
import { DataTable, Td } from "@/components/ui/data-table";
import { Time } from "@/components/ui/time";

export type AuditRow = {
  id: string;
  actor: Record<string, unknown>;
  action: string;
  targetType: string;
  targetId: string;
  customerId: string | null;
  diff: unknown;
  createdAt: string | Date;
};

type Names = {
  customers: Record<string, { name: string } | undefined>;
  instances: Record<string, string | undefined>;
};

const actionTone = (action: string): Tone =>
  ["archive", "disable", "stop"].includes(action)
    ? "red"
    : ["create", "enable", "restore"].includes(action)
      ? "green"
      : action === "run"
        ? "blue"
        : "gray";

const actorLabel = (actor: Record<string, unknown>) =>
  actor.type === "operator" ? "Operator" : actor.type === "api-token" ? "API token" : "Customer";

const targetHref = (type: string, id: string) =>
  type === "flow-instance" ? `/flow-instances/${id}` : type === "flow-run" ? `/flow-runs/${id}` : undefined;

/** The audit log as a table; each row's diff is folded away until asked for. */
export function AuditTable({ rows, names }: { rows: AuditRow[]; names: Names }) {
  return (
    <DataTable
      caption="Audit events"
      columns={["Time", "Actor", "Channel", "Action", "Target", "Customer", "Diff"]}
    >
      {rows.map((e) => {
        const href = targetHref(e.targetType, e.targetId);
        const actorCustomer =
          e.actor.type === "customer" && typeof e.actor.customerId === "string" ? e.actor.customerId : null;
        const diffSize =
          e.diff && typeof e.diff === "object"
            ? Object.keys(e.diff as object).length
            : e.diff == null
              ? 0
              : 1;
        const targetName =
          e.targetType === "flow-instance"
            ? names.instances[e.targetId]
            : e.targetType === "flow-run"
              ? "Run"
              : null;
        return (
          <tr
            key={e.id}
            data-testid="audit-row"
            className="border-b border-slate-100 align-top last:border-0"
          >
            <Td className="text-slate-600">
              <Time value={e.createdAt} />
            </Td>
            <Td>
              {actorLabel(e.actor)}
              {actorCustomer && (
                <Link className="ml-1 text-brand-700 hover:underline" href={`/customers/${actorCustomer}`}>
                  {names.customers[actorCustomer]?.name ?? actorCustomer}
                </Link>
              )}
            </Td>
            <Td className="text-slate-600">{String(e.actor.channel ?? "—")}</Td>
            <Td>
              <Badge tone={actionTone(e.action)}>{e.action}</Badge>
            </Td>
            <Td>
              {href ? (
                <Link href={href} className="text-brand-700 hover:underline">
                  {targetName ?? e.targetType}
                </Link>
              ) : (
                e.targetType
              )}
              <div className="font-mono text-xs text-slate-400">{e.targetId}</div>
            </Td>
            <Td>
              {e.customerId ? (
                <Link className="hover:underline" href={`/customers/${e.customerId}`}>
                  {names.customers[e.customerId]?.name ?? e.customerId}
                </Link>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
            <Td className="min-w-64">
              {diffSize ? (
                <details>
                  <summary className="cursor-pointer text-slate-600 hover:text-slate-900">
                    {diffSize} {diffSize === 1 ? "field" : "fields"}
                  </summary>
                  <div className="mt-1 max-w-xl">
                    <JsonViewer value={e.diff} />
                  </div>
                </details>
              ) : (
                <span className="text-slate-400">—</span>
              )}
            </Td>
          </tr>
        );
      })}
    </DataTable>
  );
}
