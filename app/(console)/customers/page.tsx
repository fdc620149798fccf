import Link from "next/link";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listCustomers } from "@/lib/services/customers/list-customers";
import { listCustomersQuery } from "@/lib/services/customers/schemas";
import { FilterBar } from "@/components/flow-instances/filter-bar";
import { DataTable, Td, rowClass } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";
import { parseListQuery } from "../_lib/list-query";
import { InvalidFilters } from "@/components/ui/invalid-filters";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers · Flowdeck" };

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const { query, invalid } = parseListQuery(listCustomersQuery, sp, 50);
  const page = await listCustomers({ ctx, input: query });
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Customers</h1>
      <FilterBar fields={[]} searchLabel="Search name or internal id" />
      <InvalidFilters names={invalid} />
      {page.items.length === 0 ? (
        <EmptyState title="No customers match">
          Customers appear when they first use a token or are created through the API.
        </EmptyState>
      ) : (
        <DataTable caption="Customers" columns={["Name", "Internal id", "Fields", "Created"]}>
          {page.items.map((c) => (
            <tr key={c.id} className={rowClass}>
              <Td>
                <Link className="font-medium text-brand-700 hover:underline" href={`/customers/${c.id}`}>
                  {c.name}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{c.internalId}</Td>
              <Td className="max-w-xs truncate font-mono text-xs text-slate-500">
                {JSON.stringify(c.fields)}
              </Td>
              <Td className="text-slate-600">
                <Time value={c.createdAt} />
              </Td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager basePath="/customers" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}
