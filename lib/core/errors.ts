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
export class ConfigurationError extends DomainError {
  constructor(message: string, data?: unknown) {
    super(422, "configuration", message, undefined, data);
  }
}
export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) {
    super(413, "bad_request", `Request body is larger than ${limit} bytes`, "payload_too_large");
  }
}
