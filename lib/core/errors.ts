// Typed domain errors, thrown in services and mapped once at the HTTP edge to the Membrane error body.
export type ErrorBody = { type: string; key?: string; message: string; data?: unknown };

export class DomainError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    message: string,
    public readonly key?: string,
    public readonly data?: unknown,
  ) {
    super(message);
  }
  toJSON(): ErrorBody {
    return { type: this.type, key: this.key, message: this.message, data: this.data };
  }
}

export class BadRequestError extends DomainError {
  constructor(message: string, data?: unknown) {
    super(400, "bad_request", message, undefined, data);
  }
}
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(404, "bad_request", `${what} not found`, "not_found");
  }
}
export class NotAuthenticatedError extends DomainError {
  constructor(message = "Not authenticated") {
    super(401, "bad_request", message, "not_authenticated");
  }
}
export class AccessDeniedError extends DomainError {
  constructor(message = "Access denied") {
    super(403, "bad_request", message, "access_denied");
  }
}
export class ConflictError extends DomainError {
  constructor(message: string, key = "conflict", data?: unknown) {
    super(409, "concurrency", message, key, data);
  }
}
/** 429: answered with a Retry-After header of `retryAfterSeconds` (lib/server/route.ts). */
export class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    public readonly retryAfterSeconds: number,
  ) {
    super(429, "bad_request", message, "rate_limit_exceeded", { retryAfterSeconds });
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) {
    super(413, "bad_request", `Request body is larger than ${limit} bytes`, "payload_too_large");
  }
}

// Quoted values in database error messages (`invalid input syntax for type json: "…"`) and key details
// (`Key (x)=(…)`) may hold what a user sent.
const maskValues = (s: string) => s.replace(/(:\s*)"[^"]*"/g, '$1"…"').replace(/=\([^)]*\)/g, "=(…)");

/**
 * An error as it may be logged: the message and stack, never the parameters of a failed query (a query error
 * carries every value it was sent: credentials, run inputs) nor values quoted by the database.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return maskValues(String(err));
  const e = err as Error & { query?: unknown; params?: unknown; code?: unknown };
  const isQueryError = typeof e.query === "string" && Array.isArray(e.params);
  const message = isQueryError
    ? `Failed query: ${e.query} (${(e.params as unknown[]).length} parameters, not logged)`
    : maskValues(e.message);
  const frames = (e.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .join("\n");
  const cause =
    e.cause !== undefined ? `\n  caused by: ${describeError(e.cause).replace(/\n/g, "\n  ")}` : "";
  const code = typeof e.code === "string" ? ` [${e.code}]` : "";
  return `${e.name}${code}: ${message}${frames ? `\n${frames}` : ""}${cause}`;
}
