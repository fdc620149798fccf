import type { Metadata } from "next";
import type { ReactNode } from "react";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Flowdeck",
  robots: { index: false, follow: false },
  referrer: "same-origin",
};

/** Customer self-service pages, shown inside the SaaS product's iframe (no console chrome). */
export default function EmbedLayout({ children }: { children: ReactNode }) {
  return <main className="min-h-screen">{children}</main>;
}
