import type { EmbedTheme } from "@/lib/core/embed";

// The console's components use Tailwind's slate/brand palette through CSS variables, so a theme is a set of
// variable overrides for this document (an embed page is its own document inside the host's iframe).
// Unlayered rules win over Tailwind's `@layer utilities`, which handles the few literal colours (bg-white…).

const DARK = `
:root{color-scheme:dark;
--color-slate-50:#0b1220;--color-slate-100:#1e293b;--color-slate-200:#334155;--color-slate-300:#475569;
--color-slate-400:#64748b;--color-slate-500:#94a3b8;--color-slate-600:#cbd5e1;--color-slate-700:#e2e8f0;
--color-slate-800:#f1f5f9;--color-slate-900:#f8fafc;--color-slate-950:#ffffff;
--color-brand-50:#172554;--color-brand-100:#1e3a8a;--color-brand-700:#93c5fd}
.bg-white{background-color:#0f172a}
.bg-red-50{background-color:#450a0a}.border-red-200{border-color:#7f1d1d}.text-red-800,.text-red-700{color:#fecaca}
.bg-red-100{background-color:#7f1d1d}
.bg-emerald-50{background-color:#052e16}.border-emerald-200{border-color:#14532d}.text-emerald-900,.text-emerald-800{color:#bbf7d0}
.bg-emerald-100{background-color:#14532d}
.bg-amber-50{background-color:#451a03}.border-amber-200{border-color:#78350f}.text-amber-900,.text-amber-800{color:#fde68a}
.bg-amber-100{background-color:#78350f}
.bg-blue-50{background-color:#172554}.bg-blue-100{background-color:#1e3a8a}.text-blue-800{color:#bfdbfe}
.bg-violet-100{background-color:#4c1d95}.text-violet-800{color:#ddd6fe}
.react-flow{--xy-background-color:#0b1220;--xy-background-pattern-color:#334155;--xy-edge-stroke:#64748b;
--xy-controls-button-background-color:#1e293b;--xy-controls-button-background-color-hover:#334155;
--xy-controls-button-color:#e2e8f0;--xy-controls-button-border-color:#334155;--xy-minimap-background-color:#0f172a;--xy-minimap-mask-background-color:rgba(2,6,23,.55);
--xy-node-background-color:#0f172a}
`;

/** Theme overrides from the embed URL: `theme=dark` and a validated `accent=#RRGGBB`. */
export function EmbedThemeStyle({ theme }: { theme: EmbedTheme }) {
  let css = theme.theme === "dark" ? DARK : "";
  // `accent` was validated as /#[0-9a-f]{6}/, so it is safe inside CSS.
  if (theme.accent) {
    const a = theme.accent;
    const mixWith = theme.theme === "dark" ? "white" : "black";
    css += `:root{--color-brand-500:${a};--color-brand-600:${a};--color-brand-700:color-mix(in srgb,${a} 75%,${mixWith})}`;
  }
  if (!css) return null;
  return <style data-embed-theme={theme.theme}>{css}</style>;
}
