import Link from "next/link";

/** Tabs as links (`?tab=`): each tab is addressable, works without JS and keeps history. */
export function LinkTabs({
  tabs,
  active,
  hrefFor,
  label,
}: {
  tabs: { id: string; label: string }[];
  active: string;
  hrefFor: (id: string) => string;
  label: string;
}) {
  return (
    <nav aria-label={label} className="mb-4 flex gap-1 border-b border-slate-200">
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={hrefFor(t.id)}
          aria-current={t.id === active ? "page" : undefined}
          scroll={false}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${
            t.id === active
              ? "border-brand-600 font-medium text-brand-700"
              : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
          }`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
