import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ActionsProvider } from "@/components/actions/actions-provider";
import { callUiAction } from "@/app/ui-actions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Flowdeck",
  robots: { index: false, follow: false },
  referrer: "same-origin",
};

/** Customer self-service pages, shown inside the SaaS product's iframe (no console chrome). */
export default function EmbedLayout({ children }: { children: ReactNode }) {
  return (
    <main className="min-h-screen">
      <ActionsProvider surface="embed" call={callUiAction}>
        {children}
      </ActionsProvider>
    </main>
  );
}
