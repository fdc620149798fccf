"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { Picker, type PickerOption } from "@/components/ui/picker";

export type Option = { id: string; name: string };
export type FilterField = {
  param: string;
  label: string;
  /**
   * select (applies at once), a text / date-time input (applies with the form), or a picker: suggestions as
   * one types a name, applied when one is picked (the URL carries its value, the chip shows its label).
   */
  kind?: "select" | "text" | "datetime" | "picker";
  options?: { value: string; label: string }[];
  /** picker: suggestions for the typed text (a server action). */
  suggest?: (q: string) => Promise<PickerOption[]>;
  /** picker: the current value's label (the server resolves the URL's value). */
  selected?: PickerOption;
  /** Label of the "no filter" choice. */
  any?: string;
  placeholder?: string;
};

// <input type="datetime-local"> speaks local time without a zone; the URL carries ISO instants.
const toLocalInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : undefined);

type FilterBarProps = {
  fields: FilterField[];
  searchLabel?: string;
  searchPlaceholder?: string;
  search?: boolean;
};

/** Filters live in the URL; the inputs re-initialise whenever the URL changes (back/forward, Clear). */
export function FilterBar(props: FilterBarProps) {
  const sp = useSearchParams();
  return <FilterForm key={sp.toString()} {...props} />;
}

function FilterForm({
  fields,
  searchLabel = "Search",
  searchPlaceholder,
  search: withSearch = true,
}: FilterBarProps) {
  const router = useRouter();
  const pathname = usePathname();
  const sp = useSearchParams();
  const [pending, start] = useTransition();
  const [search, setSearch] = useState(sp.get("search") ?? "");
  const inputs = fields.filter((f) => f.kind === "text" || f.kind === "datetime");
  const readInputs = () =>
    Object.fromEntries(
      inputs.map((f) => [
        f.param,
        f.kind === "datetime" ? toLocalInput(sp.get(f.param)) : (sp.get(f.param) ?? ""),
      ]),
    );
  const [texts, setTexts] = useState<Record<string, string>>(readInputs);

  // Every change replaces the search params and drops the cursor: page one of the new result.
  const push = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp.toString());
    next.delete("cursor");
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    start(() => router.push(qs ? `${pathname}?${qs}` : pathname));
  };
  const active = fields.some((f) => sp.get(f.param)) || !!sp.get("search");

  return (
    <form
      role="search"
      aria-label="Filters"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        const changes: Record<string, string | undefined> = withSearch
          ? { search: search.trim() || undefined }
          : {};
        for (const f of inputs)
          changes[f.param] =
            f.kind === "datetime" ? fromLocalInput(texts[f.param]) : texts[f.param]?.trim() || undefined;
        push(changes);
      }}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      {withSearch && (
        <label className="flex min-w-48 flex-1 flex-col text-xs font-medium text-slate-600">
          {searchLabel}
          <input
            type="search"
            value={search}
            placeholder={searchPlaceholder}
            onChange={(e) => setSearch(e.target.value)}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm font-normal text-slate-900"
          />
        </label>
      )}
      {inputs.map((f) => (
        <label key={f.param} className="flex flex-col text-xs font-medium text-slate-600">
          {f.label}
          <input
            type={f.kind === "datetime" ? "datetime-local" : "text"}
            value={texts[f.param] ?? ""}
            placeholder={f.placeholder}
            onChange={(e) => setTexts((t) => ({ ...t, [f.param]: e.target.value }))}
            className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm font-normal text-slate-900"
          />
        </label>
      ))}
      {fields
        .filter((f) => f.kind === "picker" && f.suggest)
        .map((f) => (
          <Picker
            key={f.param}
            id={`filter-${f.param}`}
            label={f.label}
            placeholder={f.placeholder}
            selected={
              sp.get(f.param)
                ? (f.selected ?? { value: sp.get(f.param)!, label: sp.get(f.param)! })
                : undefined
            }
            suggest={f.suggest!}
            onPick={(o) => push({ [f.param]: o?.value })}
            noMatches={f.any}
          />
        ))}
      {fields
        .filter((f) => !f.kind || f.kind === "select")
        .map((f) => (
          <div key={f.param} className="flex flex-col text-xs font-medium text-slate-600">
            {/* Explicit for/id: a wrapping label would fold every option's text into the accessible name. */}
            <label htmlFor={`filter-${f.param}`}>{f.label}</label>
            <select
              id={`filter-${f.param}`}
              value={sp.get(f.param) ?? ""}
              onChange={(e) => push({ [f.param]: e.target.value })}
              className="mt-1 max-w-44 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal text-slate-900"
            >
              <option value="">{f.any ?? "Any"}</option>
              {(f.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        ))}
      <div className="flex items-center gap-2">
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50"
        >
          Apply
        </button>
        {active && (
          <button
            type="button"
            onClick={() => {
              setSearch("");
              setTexts({});
              start(() => router.push(pathname));
            }}
            className="rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100"
          >
            Clear
          </button>
        )}
        {pending && (
          <span className="text-xs text-slate-500" role="status">
            Loading…
          </span>
        )}
      </div>
    </form>
  );
}
