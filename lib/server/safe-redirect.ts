/**
 * Where to go after sign-in: a path on this origin only. Anything a browser could read as another origin
 * (`//host`, `/\host`, `http:…`, control characters) falls back to the console's start page.
 */
export function sameOriginPath(next: unknown, fallback = "/flow-instances"): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(next) || next.startsWith("//")) return fallback;
  try {
    const base = "http://flowdeck.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
