"use client";

import { useEffect, useId, useRef, useState } from "react";

export type PickerOption = { value: string; label: string; detail?: string };

// The picker whose chip was just removed: its input takes the focus, also when the new address mounts a
// new picker (filter forms re-initialise on every URL change).
let refocus: string | undefined;

/**
 * Pick one item by typing part of its name: suggestions appear as the operator types (arrows and Enter, or
 * a click, pick one); the chosen item then shows by name as a chip that removes the choice. Nobody types
 * an id. `suggest` is called at most every 200 ms; an answer to an older text is dropped.
 */
export function Picker({
  id,
  label,
  placeholder,
  selected,
  suggest,
  onPick,
  noMatches = "Nothing matches",
}: {
  id: string;
  label: string;
  placeholder?: string;
  selected?: PickerOption;
  suggest: (q: string) => Promise<PickerOption[]>;
  onPick: (option: PickerOption | undefined) => void;
  noMatches?: string;
}) {
  const listId = useId();
  const [text, setText] = useState("");
  const [options, setOptions] = useState<PickerOption[]>([]);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef("");
  const input = useRef<HTMLInputElement>(null);

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const type = (value: string) => {
    setText(value);
    setOpen(true);
    clearTimeout(timer.current);
    const q = value.trim();
    latest.current = q;
    if (!q) {
      setOptions([]);
      setLoading(false);
      return;
    }
    setLoading(true);
    timer.current = setTimeout(() => {
      suggest(q)
        .then((found) => {
          if (latest.current !== q) return;
          setOptions(found);
          setActive(found.length ? 0 : -1);
        })
        .catch(() => latest.current === q && setOptions([]))
        .finally(() => latest.current === q && setLoading(false));
    }, 200);
  };

  // After the chip's remove button: the input takes its place and the focus.
  useEffect(() => {
    if (!selected && refocus === id) {
      refocus = undefined;
      input.current?.focus();
    }
  }, [selected, id]);

  const pick = (o: PickerOption) => {
    setOpen(false);
    onPick(o);
  };

  if (selected)
    return (
      <div className="flex flex-col text-xs font-medium text-slate-600">
        <span id={`${id}-label`}>{label}</span>
        <span
          role="group"
          aria-labelledby={`${id}-label`}
          data-testid={`${id}-chip`}
          className="mt-1 inline-flex max-w-64 items-center gap-1 rounded-md border border-brand-100 bg-brand-50 py-1 pl-2 pr-1 text-sm font-normal text-slate-900"
        >
          <span
            className="truncate"
            title={selected.detail ? `${selected.label} · ${selected.detail}` : undefined}
          >
            {selected.label}
            {selected.detail && <span className="text-slate-500"> · {selected.detail}</span>}
          </span>
          <button
            type="button"
            aria-label={`Remove ${label.toLowerCase()} filter (${selected.label})`}
            onClick={() => {
              refocus = id;
              onPick(undefined);
            }}
            className="rounded px-1 text-slate-500 hover:bg-brand-100 hover:text-slate-900"
          >
            ×
          </button>
        </span>
      </div>
    );

  const q = text.trim();
  const showList = open && !!q;
  const activeId = showList && active >= 0 && options[active] ? `${listId}-${active}` : undefined;
  return (
    <div className="relative flex flex-col text-xs font-medium text-slate-600">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={activeId}
        value={text}
        placeholder={placeholder}
        onChange={(e) => type(e.target.value)}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            if (!options.length) return;
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((a) => (a + step + options.length) % options.length);
          } else if (e.key === "Enter" && showList) {
            // Enter picks; it never submits the filter form with a half-typed name.
            e.preventDefault();
            if (options[active]) pick(options[active]);
          } else if (e.key === "Escape" && showList) {
            e.preventDefault();
            setOpen(false);
          }
        }}
        className="mt-1 w-56 rounded-md border border-slate-300 px-2 py-1.5 text-sm font-normal text-slate-900"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label={`${label} suggestions`}
        hidden={!showList}
        className="absolute left-0 top-full z-20 mt-1 max-h-72 w-80 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm font-normal shadow-lg"
      >
        {options.map((o, i) => (
          <li
            key={o.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: the input keeps the focus (its blur would close the list first).
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
            onMouseEnter={() => setActive(i)}
            className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-brand-50" : ""}`}
          >
            <div className="text-slate-900">{o.label}</div>
            {o.detail && <div className="text-xs text-slate-500">{o.detail}</div>}
          </li>
        ))}
        {!options.length && (
          <li role="presentation" className="px-3 py-1.5 text-slate-500">
            {loading ? "Searching…" : noMatches}
          </li>
        )}
      </ul>
    </div>
  );
}
