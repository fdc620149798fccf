import crypto from "node:crypto";
import { z, type ZodType } from "zod";
import {
  AccessDeniedError,
  DomainError,
  NotAuthenticatedError,
  PayloadTooLargeError,
  TooManyRequestsError,
  BadRequestError,
  describeError,
  type ErrorBody,
} from "../core/errors";
import { decodeJwt } from "jose";
import { verifyToken, type TokenClaims } from "../auth/tokens";
import { JsonText } from "../services/shared/json-text";
import { zodMessage } from "../services/shared/define-verb";
import { SESSION_COOKIE } from "../auth/session";
import { verifyConsoleSession } from "../services/system/console-sessions";
import { resolveTokenCustomer } from "../services/customers/resolve-token-customer";
import type { Ctx } from "../services/context";
import type { Principal } from "../auth/principal";
import { boot } from "./boot";
import { getEnv } from "../env";
import { foreignOrigin } from "./security-headers";
import { cachedRead, type Body } from "./read-cache";

export const MAX_BODY_BYTES = 1_000_000;

/**
 * What the API's handlers read of a request. Next.js passes a NextRequest, which has all of it; the
 * production server (scripts/server.ts) passes a lighter object over Node's request, because building a
 * NextRequest (an undici Request with its AbortSignal and a NextURL) cost ~8 % of the server's CPU per API
 * request (measured with `npm run bench:http -- --cpu-prof`).
 */
export type ApiRequest = {
  method: string;
  headers: { get(name: string): string | null };
  nextUrl: { pathname: string; searchParams: URLSearchParams; origin: string };
  cookies: { get(name: string): { value: string } | undefined };
  body: ReadableStream<Uint8Array> | null;
  signal: AbortSignal;
};

type Spec<P, Q, B> = {
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  auth?: "required" | "none";
  status?: number;
  /**
   * A GET whose JSON depends only on the caller, the path, the query and the database: its responses are
   * reused while the database has not changed (lib/server/read-cache.ts). The handler must not answer
   * with a Response of its own.
   */
  cache?: boolean;
};

type Handler<P, Q, B> = (args: {
  ctx: Ctx;
  params: P;
  query: Q;
  body: B;
  req: ApiRequest;
}) => Promise<unknown>;

export function errorResponse(err: unknown, requestId: string): Response {
  let status = 500;
  let body: ErrorBody = { type: "internal", message: `Internal error (request ${requestId})` };
  const pg = err as { code?: string; message?: string; cause?: { code?: string } };
  const pgCode = pg?.code ?? pg?.cause?.code;
  if (err instanceof DomainError) {
    status = err.status;
    body = err.toJSON();
  } else if (pgCode === "23505") {
    status = 409;
    body = {
      type: "concurrency",
      key: "already_exists",
      message: "An element with these unique fields already exists",
    };
  } else if (["23503", "22P02", "22001", "54000", "22P05", "22021"].includes(pgCode ?? "")) {
    status = 400;
    body = { type: "bad_request", message: "Invalid reference or value" };
  } else {
    console.error(`[api] request ${requestId} failed: ${describeError(err)}`);
  }
  // A body refused unread (413) leaves the rest of it on the connection: close it, so a client's pool does not
  // send its next request on a socket the server is about to reset.
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (status === 413) headers.connection = "close";
  if (err instanceof TooManyRequestsError) headers["retry-after"] = String(err.retryAfterSeconds);
  return jsonResponse({ text: JSON.stringify(body) }, status, requestId, headers);
}

/** A body the production server read before the handler ran, or "too-large" past MAX_BODY_BYTES. */
export type ReadBody = Buffer | "too-large";
// Set by scripts/server.ts, which reads a request's body from the socket into one Buffer and hands the
// handler a request without a web stream (building one per request cost more than the read itself).
const readBodies = new WeakMap<ApiRequest, ReadBody>();
export const setReadBody = (req: ApiRequest, body: ReadBody) => void readBodies.set(req, body);

async function bodyBytes(req: ApiRequest): Promise<Buffer | undefined> {
  const read = readBodies.get(req);
  if (read === "too-large") throw new PayloadTooLargeError(MAX_BODY_BYTES);
  if (read) return read;
  if (!req.body) return undefined;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new PayloadTooLargeError(MAX_BODY_BYTES);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: ApiRequest): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const bytes = await bodyBytes(req);
  if (!bytes) return undefined;
  const text = bytes.toString("utf8").trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError("body: malformed JSON");
  }
  // The database cannot store NUL characters; say where one is instead of failing the write. (A raw NUL is
  // not valid JSON: only the escape needs a look.)
  if (text.includes("\\u0000")) {
    const where = nulPath(value, "body");
    if (where) throw new BadRequestError(`${where}: must not contain NUL (\\u0000) characters`);
  }
  return value;
}

/** The path of the first string (or key) holding a NUL character, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\0") ? path : undefined;
  if (!value || typeof value !== "object") return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`;
    if (k.includes("\0")) return p;
    const found = nulPath(v, p);
    if (found) return found;
  }
  return undefined;
}

// Verifying a token (HMAC through WebCrypto) costs more than many API reads: a verified token is remembered
// for up to a minute and never past its `exp`. Verification only depends on the token and this process's
// WORKSPACE_SECRET, so the cache cannot go stale; failures are never cached.
const VERIFIED_TTL_MS = 60_000;
const verified = new Map<string, { claims: TokenClaims; until: number }>();

async function verifyTokenCached(token: string): Promise<TokenClaims> {
  const now = Date.now();
  const hit = verified.get(token);
  if (hit && now < hit.until) return hit.claims;
  const claims = await verifyToken(token);
  const { exp, iat } = decodeJwt(token);
  const expiresMs =
    typeof exp === "number" ? exp * 1000 : (Number(iat) + getEnv().TOKEN_MAX_AGE_SECONDS) * 1000; // verifyToken refused it without either
  const until = Math.min(now + VERIFIED_TTL_MS, expiresMs);
  if (verified.size >= 10_000) verified.clear();
  verified.set(token, { claims, until });
  return claims;
}

/**
 * Why a request may not use the console's session cookie: the API accepts it only from the console's own
 * pages (a cross-site form or fetch must not act as the signed-in operator): `Sec-Fetch-Site` and `Origin`
 * same-origin when sent, and a JSON body type on every method that changes something.
 */
function cookieRefusal(req: ApiRequest): string | undefined {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    return `the console session is accepted from this site's own pages only (Sec-Fetch-Site: ${site})`;
  const origin = foreignOrigin(req.headers);
  if (origin) return `the console session is not accepted from origin ${origin}`;
  if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) {
    const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json")
      return "requests signed in by the console session must send Content-Type: application/json";
  }
  return undefined;
}

export async function authenticate(req: ApiRequest): Promise<Principal> {
  const { db } = await boot();
  const header = req.headers.get("authorization");
  // Tokens come in the Authorization header only: a token in a URL ends up in logs and browser history
  // (the embed's ?token= is exchanged for a cookie by proxy.ts before any page reads it).
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (token) {
    const claims = await verifyTokenCached(token);
    if (claims.kind === "admin") return { kind: "admin", via: "token" };
    const customer = await resolveTokenCustomer(db, claims);
    return {
      kind: "customer",
      customerId: customer.id,
      internalId: customer.internalId,
      name: customer.name,
    };
  }
  const cookie = req.cookies.get(SESSION_COOKIE)?.value;
  if (cookie) {
    const refusal = cookieRefusal(req);
    if (refusal) throw new AccessDeniedError(`Forbidden: ${refusal}`);
    if (await verifyConsoleSession(db, cookie)) return { kind: "admin", via: "session" };
  }
  if (req.nextUrl.searchParams.has("token"))
    throw new NotAuthenticatedError("Send the token in the Authorization header (Bearer), not in the URL");
  throw new NotAuthenticatedError("Missing bearer token");
}

function queryObject(req: ApiRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of req.nextUrl.searchParams) out[k] = v;
  return out;
}

// The JSON of responses made from a JsonText (most reads), so that the production server
// (scripts/server.ts) writes it to the socket directly instead of reading the Response's web stream.
const jsonBodies = new WeakMap<Response, Body>();
export const jsonBodyOf = (res: Response): Body | undefined => jsonBodies.get(res);

// Set by scripts/server.ts, which writes JSON bodies from `jsonBodyOf` and never reads the Response's own:
// its Response then carries no copy of the body (encoding a 50 kB list into a web stream for nothing).
let bodiesServedDirectly = false;
export const serveJsonBodiesDirectly = () => void (bodiesServedDirectly = true);

/** A JSON response (every answer of route(): NextResponse.json built a web stream of each body). */
function jsonResponse(
  body: Body,
  status: number,
  requestId: string,
  headers: Record<string, string> = {},
): Response {
  const res = new Response(bodiesServedDirectly ? null : body.text, {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId, ...headers },
  });
  jsonBodies.set(res, body);
  return res;
}

/** What a cached read's response depends on besides the database: the caller, the path, the query. */
function readKey(principal: Principal, req: ApiRequest, query: Record<string, string>): string {
  const who = principal.kind === "admin" ? "admin" : `customer:${principal.customerId}`;
  const q = new URLSearchParams(query);
  q.sort();
  return `${who} ${req.nextUrl.pathname}?${q}`;
}

/**
 * Query parameters the route's schema does not name. A filter the API does not implement must be refused,
 * never dropped: dropping it would answer with unfiltered data.
 */
function unsupportedQueryFields(schema: ZodType | undefined, raw: Record<string, string>): string[] {
  if (!schema || !(schema instanceof z.ZodObject)) return Object.keys(schema ? {} : raw);
  const known = schema.shape as Record<string, unknown>;
  return Object.keys(raw).filter((k) => !(k in known));
}

/** The one wrapper every API route uses: auth, zod parsing, error mapping to the Membrane error body. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: Spec<P, Q, B>,
  handler: Handler<P, Q, B>,
) {
  return async (req: ApiRequest, context: { params: Promise<Record<string, string | string[]>> }) => {
    // randomUUID draws from a buffered pool; randomBytes(6) cost a system call per request.
    const requestId = crypto.randomUUID().slice(-12);
    try {
      const { db } = await boot();
      const principal: Principal =
        spec.auth === "none" ? { kind: "admin", via: "token" } : await authenticate(req);
      const rawParams = context?.params ? await context.params : {};
      const parse = <T>(where: string, schema: ZodType<T> | undefined, value: unknown): T => {
        if (!schema) return value as T;
        const r = schema.safeParse(value);
        if (!r.success) throw new BadRequestError(zodMessage(where, r.error));
        return r.data;
      };
      for (const [k, v] of Object.entries(rawParams))
        if (String(v).includes("\0")) throw new BadRequestError(`path.${k}: must not contain NUL characters`);
      const params = parse("params", spec.params, rawParams);
      const rawQuery = queryObject(req);
      for (const [k, v] of Object.entries(rawQuery))
        if (v.includes("\0") || k.includes("\0"))
          throw new BadRequestError(`query.${k.replace(/\0/g, "")}: must not contain NUL characters`);
      const unknown = unsupportedQueryFields(spec.query, rawQuery);
      if (unknown.length)
        throw new BadRequestError(
          unknown.map((k) => `query.${k}: not a supported parameter of this route`).join("; "),
        );
      const query = parse("query", spec.query, rawQuery);
      const rawBody = ["POST", "PUT", "PATCH", "DELETE"].includes(req.method)
        ? await readJson(req)
        : undefined;
      const body = parse("body", spec.body, rawBody);
      const run = () =>
        handler({ ctx: { principal, db, requestId, channel: "api" }, params, query, body, req });
      if (spec.cache && req.method === "GET") {
        const cached = await cachedRead(db, readKey(principal, req, rawQuery), async () => {
          const result = await run();
          if (result instanceof Response) throw new Error("a cached read answered with a Response");
          return result instanceof JsonText ? result.text : JSON.stringify(result ?? null);
        });
        return jsonResponse(cached, spec.status ?? 200, requestId);
      }
      const result = await run();
      if (result instanceof Response) return result;
      if (result instanceof JsonText)
        return jsonResponse({ text: result.text }, spec.status ?? 200, requestId);
      return jsonResponse({ text: JSON.stringify(result ?? null) }, spec.status ?? 200, requestId);
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
