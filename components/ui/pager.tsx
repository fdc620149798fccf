import Link from "next/link";
import { buttonClass } from "./button";

/** Cursor paging keeps no page numbers: "First page" drops the cursor, "Next page" follows it. */
export function Pager({
  basePath,
  params,
  cursor,
  hasPrevious,
  cursorParam = "cursor",
  summary,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  cursor?: string;
  hasPrevious: boolean;
  cursorParam?: string;
  summary?: string;
}) {
  const href = (c?: string) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(params))
      if (v !== undefined && v !== "" && k !== cursorParam) sp.set(k, v);
    if (c) sp.set(cursorParam, c);
    const qs = sp.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center gap-2 text-sm">
      {summary && <span className="mr-auto text-slate-500">{summary}</span>}
      {hasPrevious ? (
        <Link className={buttonClass("secondary", "sm")} href={href()}>
          ← First page
        </Link>
      ) : null}
      {cursor ? (
        <Link className={buttonClass("secondary", "sm")} href={href(cursor)}>
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
