"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const nav = [
  { href: "/flow-instances", label: "Flow instances" },
  { href: "/flow-runs", label: "Runs" },
  { href: "/flows", label: "Flows" },
  { href: "/customers", label: "Customers" },
  { href: "/audit", label: "Audit" },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1 text-sm">
      {nav.map((n) => {
        const active = path === n.href || path.startsWith(n.href + "/");
        return (
          <Link
            key={n.href}
            href={n.href}
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
