import { stableStringify } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";
import { JsonDiff } from "./json-diff";

/**
 * A config path as the form names it: field titles, formula internals (`$tpl.values.last`) left out, e.g.
 * `output.name.$tpl.values.last` → "Output › name".
 */
export function fieldPathLabel(path: string, schema?: JsonSchema): string {
  const out: string[] = [];
  let s: JsonSchema | undefined = schema;
  for (const step of path.split(".")) {
    if (step.startsWith("$")) break;
    const props = s?.properties as Record<string, JsonSchema> | undefined;
    const next = props?.[step];
    out.push(typeof next?.title === "string" ? next.title : step);
    s = next;
  }
  return out.join(" › ") || path;
}

type Side = { name?: string; config: unknown; links: unknown };

const same = (a: unknown, b: unknown) => stableStringify(a ?? null) === stableStringify(b ?? null);

/** What differs from the template, in words (which fields), with the JSON line diff behind a disclosure. */
export function ChangesFromTemplate({
  before,
  after,
  schema,
}: {
  before: Side;
  after: Side;
  schema: JsonSchema;
}) {
  const cb = (before.config ?? {}) as Record<string, unknown>;
  const ca = (after.config ?? {}) as Record<string, unknown>;
  const changed = [...new Set([...Object.keys(cb), ...Object.keys(ca)])]
    .filter((k) => !same(cb[k], ca[k]))
    .map((k) => fieldPathLabel(k, schema));
  if (before.name !== after.name) changed.unshift("Name");
  if (!same(before.links, after.links)) changed.push("Next steps (links)");
  return (
    <div className="space-y-1">
      <p className="text-xs text-slate-600" data-testid="node-changes">
        {changed.length ? `Changed: ${changed.join(", ")}` : "No differences"}
      </p>
      <details className="rounded-md border border-slate-100 p-1">
        <summary className="cursor-pointer text-xs text-slate-600">Show the differences in detail</summary>
        <div className="mt-1">
          <JsonDiff before={before} after={after} />
        </div>
      </details>
    </div>
  );
}
