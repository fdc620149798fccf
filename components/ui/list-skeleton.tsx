/** A list page while it loads: a title bar, the filter bar and eight rows, announced as busy. */
export function ListSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <div className="mb-4 h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="mb-4 h-16 animate-pulse rounded-lg bg-slate-100" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
