// Pure helpers shared by the embed pages, their client components and proxy.ts (no imports: safe in the browser).

/** Whether `origin` is allowed by `pattern` (an exact origin or `scheme://*.domain[:port]`). */
export function originAllowed(pattern: string, origin: string): boolean {
  const p = pattern.toLowerCase();
  const o = origin.toLowerCase();
  if (!p.includes("://*.")) return p === o;
  const [scheme, rest] = p.split("://*.");
  let u: URL;
  try {
    u = new URL(o);
  } catch {
    return false;
  }
  const [domain, port = ""] = rest.split(":");
  return u.protocol === `${scheme}:` && u.hostname.endsWith(`.${domain}`) && u.port === port;
}

export type EmbedTheme = { theme: "light" | "dark"; accent?: string };

/** `theme=light|dark` and `accent=#RRGGBB` (or RRGGBB); anything else is ignored. */
export function parseEmbedTheme(sp: Record<string, string | string[] | undefined>): EmbedTheme {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const theme = one(sp.theme) === "dark" ? "dark" : "light";
  const raw = one(sp.accent)?.trim();
  const accent = raw && /^#?[0-9a-f]{6}$/i.test(raw) ? `#${raw.replace(/^#/, "").toLowerCase()}` : undefined;
  return { theme, accent };
}

/** An embed URL that keeps the theme query (so links stay in the host's look). */
export function embedHref(path: string, theme: EmbedTheme, extra: Record<string, string | undefined> = {}) {
  const q = new URLSearchParams();
  if (theme.theme === "dark") q.set("theme", "dark");
  if (theme.accent) q.set("accent", theme.accent);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** What the embed's live badges show of an instance, read at `readAt` (the configuration page and its status route). */
export type InstanceStatus = { enabled: boolean; archived: boolean; state: string; readAt: number };
export const instanceStatusOf = (
  i: { enabled: boolean; archivedAt?: unknown; state: string },
  readAt: number,
): InstanceStatus => ({ enabled: i.enabled, archived: !!i.archivedAt, state: i.state, readAt });
