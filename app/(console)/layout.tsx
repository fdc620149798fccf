import Link from "next/link";
import type { ReactNode } from "react";
import { consoleCtx } from "@/lib/server/console-auth";
import { signOut } from "@/app/login/actions";
import { NavLinks } from "@/components/layout/nav-links";
import { ChangeStreamProvider } from "@/components/live/change-stream";
import { ActionsProvider } from "@/components/actions/actions-provider";
import { callUiAction } from "@/app/ui-actions";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await consoleCtx();
  return (
    <ChangeStreamProvider url="/api/events">
      <div className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2.5 lg:px-6">
            <Link href="/flow-instances" className="text-lg font-semibold text-brand-700">
              Flowdeck
            </Link>
            <NavLinks />
            {/* A plain GET form: search works before (and without) hydration. */}
            <form action="/search" role="search" className="ml-auto">
              <label htmlFor="global-search" className="sr-only">
                Search instances, customers and flows
              </label>
              <input
                id="global-search"
                name="q"
                type="search"
                placeholder="Search id, customer, flow…"
                className="w-56 rounded-md border border-slate-300 bg-slate-50 px-2.5 py-1.5 text-sm focus:bg-white"
              />
            </form>
            <form action={signOut}>
              <button className="rounded px-1 text-sm text-slate-500 hover:text-slate-800">Sign out</button>
            </form>
          </div>
        </header>
        <main id="main" className="mx-auto max-w-7xl px-4 py-6 lg:px-6">
          <ActionsProvider surface="console" call={callUiAction}>
            {children}
          </ActionsProvider>
        </main>
      </div>
    </ChangeStreamProvider>
  );
}
