/** Says which address parameters a list page ignored because they were invalid (nothing when none). */
export function InvalidFilters({ names }: { names: string[] }) {
  if (!names.length) return null;
  return (
    <p role="alert" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">
      Some filters in the address were invalid and were ignored: {names.join(", ")}
    </p>
  );
}
