import Link from "next/link";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { consoleCtx } from "@/lib/server/console-auth";
import { globalSearch } from "@/lib/services/console/global-search";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search · Flowdeck" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const ctx = await consoleCtx();
  const q = ((await searchParams).q ?? "").trim();
  const r = await globalSearch({ ctx, input: { q } });
  // An exact instance id goes straight to the instance.
  if (r.instances.length === 1 && r.instances[0].id === q) redirect(`/flow-instances/${q}`);
  const none = !r.instances.length && !r.customers.length && !r.flows.length;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Search {q && <span className="text-slate-500">“{q}”</span>}</h1>
      {!q ? (
        <EmptyState title="Type an instance id, a customer or a flow name in the search box" />
      ) : none ? (
        <EmptyState title="Nothing found">No instance, customer or flow matches “{q}”.</EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-3">
          <Results title="Flow instances" count={r.instances.length}>
            {r.instances.map((i) => (
              <li key={i.id} className="px-3 py-2 text-sm">
                <Link className="font-medium text-brand-700 hover:underline" href={`/flow-instances/${i.id}`}>
                  {i.name}
                </Link>{" "}
                <span className="text-slate-500">· {i.customerName}</span>{" "}
                {i.archivedAt && <Badge tone="red">archived</Badge>}
                <div className="font-mono text-xs text-slate-400">{i.instanceKey || i.id}</div>
              </li>
            ))}
          </Results>
          <Results title="Customers" count={r.customers.length}>
            {r.customers.map((c) => (
              <li key={c.id} className="px-3 py-2 text-sm">
                <Link className="font-medium text-brand-700 hover:underline" href={`/customers/${c.id}`}>
                  {c.name}
                </Link>
                <div className="font-mono text-xs text-slate-400">{c.internalId}</div>
              </li>
            ))}
          </Results>
          <Results title="Flows" count={r.flows.length}>
            {r.flows.map((f) => (
              <li key={f.id} className="px-3 py-2 text-sm">
                <Link className="font-medium text-brand-700 hover:underline" href={`/flows/${f.id}`}>
                  {f.name}
                </Link>
                <div className="font-mono text-xs text-slate-400">{f.key}</div>
              </li>
            ))}
          </Results>
        </div>
      )}
    </div>
  );
}

function Results({ title, count, children }: { title: string; count: number; children: React.ReactNode }) {
  return (
    <section aria-label={title}>
      <h2 className="mb-2 text-sm font-semibold text-slate-600 uppercase">
        {title} ({count})
      </h2>
      {count === 0 ? (
        <p className="text-sm text-slate-500">None</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">{children}</ul>
      )}
    </section>
  );
}
