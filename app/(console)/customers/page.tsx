import Link from "next/link";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { listCustomers, listCustomersQuery } from "@/lib/services/customers/list-customers";
import { FilterBar } from "@/components/flow-instances/filter-bar";
import { EmptyState } from "@/components/ui/empty-state";
import { Pager } from "@/components/ui/pager";
import { Time } from "@/components/ui/time";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Customers · Flowdeck" };

export default async function CustomersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await consoleCtx();
  const sp = await searchParams;
  const parsed = listCustomersQuery.safeParse({ limit: "50", ...sp });
  const page = await listCustomers({
    ctx,
    input: parsed.success ? parsed.data : listCustomersQuery.parse({ limit: "50" }),
  });
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">Customers</h1>
      <FilterBar fields={[]} searchLabel="Search name or internal id" />
      {page.items.length === 0 ? (
        <EmptyState title="No customers match">
          Customers appear when they first use a token or are created through the API.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Customers</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Name
                </th>
                <th scope="col" className="px-3 py-2">
                  Internal id
                </th>
                <th scope="col" className="px-3 py-2">
                  Fields
                </th>
                <th scope="col" className="px-3 py-2">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/customers/${c.id}`}>
                      {c.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{c.internalId}</td>
                  <td className="max-w-xs truncate px-3 py-2 font-mono text-xs text-slate-500">
                    {JSON.stringify(c.fields)}
                  </td>
                  <td className="px-3 py-2 text-slate-600">
                    <Time value={c.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager basePath="/customers" params={sp} cursor={page.cursor} hasPrevious={!!sp.cursor} />
    </div>
  );
}
