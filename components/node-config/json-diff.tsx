import { stableStringify } from "@/lib/core/flow";

type Line = { kind: "same" | "add" | "del"; text: string };

const pretty = (v: unknown) =>
  v === undefined ? [] : JSON.stringify(JSON.parse(stableStringify(v)), null, 2).split("\n");

/** Line diff (LCS) of two JSON values with sorted keys; configs are small, so O(n·m) is fine. */
export function diffJson(before: unknown, after: unknown): Line[] {
  const a = pretty(before);
  const b = pretty(after);
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: "same", text: a[i] });
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push({ kind: "del", text: a[i++] });
    else out.push({ kind: "add", text: b[j++] });
  }
  while (i < n) out.push({ kind: "del", text: a[i++] });
  while (j < m) out.push({ kind: "add", text: b[j++] });
  return out;
}

export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const lines = diffJson(before, after);
  return (
    <pre
      aria-label="Differences from the template"
      data-testid="node-diff"
      className="max-h-72 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-[11px] leading-4"
    >
      {lines.map((l, i) => (
        <div
          key={i}
          className={`px-2 ${l.kind === "add" ? "bg-emerald-50 text-emerald-900" : l.kind === "del" ? "bg-red-50 text-red-900" : "text-slate-500"}`}
        >
          <span aria-hidden="true" className="mr-1 inline-block w-2 select-none">
            {l.kind === "add" ? "+" : l.kind === "del" ? "−" : " "}
          </span>
          <span className="sr-only">
            {l.kind === "add" ? "added: " : l.kind === "del" ? "removed: " : ""}
          </span>
          {l.text}
        </div>
      ))}
    </pre>
  );
}
