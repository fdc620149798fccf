import type { ReactNode } from "react";

// The glyph drawn per node category (or type): SVG children of a 24×24 stroked icon.
const glyphs: Record<string, ReactNode> = {
  trigger: <path d="M13 2 3 14h9l-1 8 10-12h-9l1-8z" />,
  http: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
    </>
  ),
  data: (
    <>
      <ellipse cx="12" cy="5" rx="8" ry="3" />
      <path d="M4 5v14c0 1.7 3.6 3 8 3s8-1.3 8-3V5M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
    </>
  ),
  filter: <path d="M3 4h18l-7 9v6l-4 2v-8L3 4z" />,
  "run-javascript": <path d="m8 6-6 6 6 6M16 6l6 6-6 6" />,
  logic: <path d="M4 7h11M4 17h11M15 4l3 3-3 3M15 14l3 3-3 3" />,
};

/** Small inline glyphs per node category (no icon font: keeps the bundle small). */
export function NodeIcon({ category, type }: { category?: string; type: string }) {
  const c = category ?? (type.includes("trigger") ? "trigger" : "logic");
  const glyph = ["trigger", "http", "data"].includes(c) ? glyphs[c] : (glyphs[type] ?? glyphs.logic);
  return (
    <svg
      className="h-4 w-4 shrink-0"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      {glyph}
    </svg>
  );
}
