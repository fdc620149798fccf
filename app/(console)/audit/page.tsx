import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { listFilterOptions } from "@/lib/services/console/filter-options";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import { FilterBar, type FilterField } from "@/components/flow-instances/filter-bar";
import { AuditTable } from "@/components/audit/audit-table";
import { Pager } from "@/components/ui/pager";
import { EmptyState } from "@/components/ui/empty-state";
import { parseListQuery } from "../_lib/list-query";
import { InvalidFilters } from "@/components/ui/invalid-filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log · Flowdeck" };

const PAGE_SIZE = 50;

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const { query, invalid } = parseListQuery(listAuditEventsQuery, sp, PAGE_SIZE);
  const [page, options] = await Promise.all([
    listAuditEvents({ ctx, input: query }),
    listFilterOptions({ ctx, input: {} }),
  ]);
  const actorCustomers = page.items.flatMap((e) =>
    typeof e.actor.customerId === "string" ? [e.actor.customerId] : [],
  );
  const [names, instances] = await Promise.all([
    lookupNames({
      ctx,
      input: {
        customerIds: [...page.items.flatMap((e) => (e.customerId ? [e.customerId] : [])), ...actorCustomers],
        integrationIds: [],
      },
    }),
    lookupInstanceNames({
      ctx,
      input: { ids: page.items.filter((e) => e.targetType === "flow-instance").map((e) => e.targetId) },
    }),
  ]);
  const fields: FilterField[] = [
    {
      param: "action",
      label: "Action",
      options: listAuditEventsQuery.shape.action.unwrap().options.map((a) => ({ value: a, label: a })),
    },
    {
      param: "targetType",
      label: "Target type",
      options: listAuditEventsQuery.shape.targetType.unwrap().options.map((t) => ({ value: t, label: t })),
    },
    {
      param: "customerId",
      label: "Customer",
      options: options.customers.map((c) => ({ value: c.id, label: c.name })),
    },
    { param: "targetId", label: "Target id", kind: "text", placeholder: "instance or run id" },
    { param: "from", label: "From", kind: "datetime" },
    { param: "to", label: "To", kind: "datetime" },
  ];
  return (
    <div>
      <h1 className="mb-1 text-2xl font-semibold">Audit log</h1>
      <p className="mb-4 text-sm text-slate-500">
        Every change to flow instances and runs made through the console, the embed or the API, newest first.
      </p>
      <FilterBar fields={fields} search={false} />
      <InvalidFilters names={invalid} />
      {page.items.length === 0 ? (
        <EmptyState title="No audit events match">
          Changes appear here as soon as someone enables, edits, runs or stops something.
        </EmptyState>
      ) : (
        <AuditTable rows={page.items} names={{ customers: names.customers, instances }} />
      )}
      <Pager basePath="/audit" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}
