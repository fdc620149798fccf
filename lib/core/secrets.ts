// What must never be stored or shown in clear outside its encrypted column: connection credentials and
// fields whose name says they are secret (passwords, tokens, API keys, client secrets, private keys).

const SECRET_NAME =
  /^(credentials|password|passwd|secret|token|api[-_]?key|x-api-key|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|private[-_]?key|authorization|cookie|session)$|(password|secret|token|apikey|api_key|privatekey)$/i;

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

/** How a secret value is recorded: that it was set and, for an object, which keys it had. */
export function secretPlaceholder(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "object" && !Array.isArray(value))
    return { redacted: true, keys: Object.keys(value as Record<string, unknown>).sort() };
  return { redacted: true };
}

/**
 * A deep copy of a value with every secret-named field replaced by its placeholder (key names only). Used for
 * audit diffs, so that the audit log (API and console page) never holds a secret.
 */
export function redactSecrets<T>(value: T): T {
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64 || v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>))
      out[k] = isSecretName(k) ? secretPlaceholder(x) : walk(x, depth + 1);
    return out;
  };
  return walk(value, 0) as T;
}
