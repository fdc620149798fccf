/** Absolute UTC-ish timestamps render the same on the server and in the browser (no hydration mismatch). */
export function Time({ value }: { value?: string | Date | null }) {
  if (!value) return <span className="text-slate-400">—</span>;
  const d = new Date(value);
  const text = d.toISOString().replace("T", " ").slice(0, 19);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()} className="whitespace-nowrap tabular-nums">
      {text}
    </time>
  );
}
