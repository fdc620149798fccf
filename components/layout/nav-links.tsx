"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

const nav = [
  { href: "/flow-instances", label: "Flow instances" },
  { href: "/flow-runs", label: "Runs" },
  { href: "/flows", label: "Flows" },
  { href: "/customers", label: "Customers" },
  { href: "/audit", label: "Audit" },
];

/**
 * The header's sections. They are prefetched when pointed at or focused, not on every page load: ten
 * prefetch requests (each a server render) while a large graph first draws cost it about a fifth of its
 * main-thread time.
 */
export function NavLinks() {
  const path = usePathname();
  const router = useRouter();
  return (
    <nav aria-label="Main" className="flex gap-1 text-sm">
      {nav.map((n) => {
        const active = path === n.href || path.startsWith(n.href + "/");
        return (
          <Link
            key={n.href}
            href={n.href}
            prefetch={false}
            onMouseEnter={() => router.prefetch(n.href)}
            onFocus={() => router.prefetch(n.href)}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-2.5 py-1.5 ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
          >
            {n.label}
          </Link>
        );
      })}
    </nav>
  );
}
