const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Appends a key to a dot/bracket path: `a.b`, `a[0]`, `a["x y"]`; the root path is "". */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === "" ? key : `${base}.${key}`;
}
