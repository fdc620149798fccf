import Link from "next/link";
import type { ReactNode } from "react";
import { consoleCtx } from "@/lib/server/console-auth";
import { signOut } from "@/app/login/actions";

export const dynamic = "force-dynamic";

const nav = [
  { href: "/flow-instances", label: "Flow instances" },
  { href: "/flow-runs", label: "Runs" },
  { href: "/flows", label: "Flows" },
  { href: "/customers", label: "Customers" },
];

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await consoleCtx();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <Link href="/flow-instances" className="text-lg font-semibold text-brand-700">
            Flowdeck
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {nav.map((n) => (
              <Link key={n.href} href={n.href} className="text-slate-600 hover:text-slate-900">
                {n.label}
              </Link>
            ))}
          </nav>
          <form action={signOut} className="ml-auto">
            <button className="text-sm text-slate-500 hover:text-slate-800">Sign out</button>
          </form>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
    </div>
  );
}
