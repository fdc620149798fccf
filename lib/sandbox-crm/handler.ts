import {
  CRM_COLLECTIONS,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  updateRecord,
  type CrmCollectionKey,
} from "./store";

/**
 * The Sandbox CRM's REST API on Web Request/Response, so the Next.js route stays a one-liner and tests can
 * serve it from a plain node:http server.
 *
 *   GET    /{contacts|deals}?limit=&cursor=&search=   → {records, cursor?}
 *   GET    /{collection}/{id}                         → record
 *   POST   /{collection}                              → 201 record
 *   PATCH  /{collection}/{id}   (PUT replaces)         → record
 *   DELETE /{collection}/{id}                         → {id, deleted: true}
 * Every request needs `x-api-key: sandbox-crm-key`.
 */

export const SANDBOX_CRM_API_KEY = "sandbox-crm-key";
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

const json = (status: number, body: unknown) => Response.json(body, { status });
const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

function validate(key: CrmCollectionKey, fields: Record<string, unknown>): string | undefined {
  const present = (v: unknown) => typeof v === "string" && v.trim() !== "";
  if (key === "contacts" && !present(fields.email) && !present(fields.name))
    return "A contact needs an email or a name";
  if (key === "deals" && !present(fields.title)) return "A deal needs a title";
  return undefined;
}

async function readObject(req: Request): Promise<Record<string, unknown> | Response> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return error(400, "bad_request", "The body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return error(400, "bad_request", "The body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export async function handleSandboxCrmRequest(req: Request, path: string[]): Promise<Response> {
  if (req.headers.get("x-api-key") !== SANDBOX_CRM_API_KEY) {
    return error(401, "unauthorized", "Missing or invalid x-api-key header");
  }
  const [collection, id, ...rest] = path;
  if (!CRM_COLLECTIONS.includes(collection as CrmCollectionKey) || rest.length) {
    return error(404, "not_found", `No such endpoint: /${path.join("/")}`);
  }
  const key = collection as CrmCollectionKey;
  const method = req.method.toUpperCase();

  if (id === undefined) {
    if (method === "GET") {
      const params = new URL(req.url).searchParams;
      const limit = Number(params.get("limit") ?? DEFAULT_LIMIT);
      const offset = Number(params.get("cursor") ?? 0);
      if (!Number.isInteger(limit) || limit < 1)
        return error(400, "bad_request", "limit must be a positive integer");
      if (!Number.isInteger(offset) || offset < 0) return error(400, "bad_request", "Invalid cursor");
      const page = listRecords(key, {
        limit: Math.min(limit, MAX_LIMIT),
        offset,
        search: params.get("search") ?? undefined,
      });
      return json(200, {
        records: page.records,
        ...(page.nextOffset !== undefined ? { cursor: String(page.nextOffset) } : {}),
      });
    }
    if (method === "POST") {
      const body = await readObject(req);
      if (body instanceof Response) return body;
      const invalid = validate(key, body);
      if (invalid) return error(422, "validation_error", invalid);
      return json(201, createRecord(key, body));
    }
    return error(405, "method_not_allowed", `${method} is not allowed on /${key}`);
  }

  const notFound = () => error(404, "not_found", `No ${key} record with id "${id}"`);
  switch (method) {
    case "GET": {
      const record = getRecord(key, id);
      return record ? json(200, record) : notFound();
    }
    case "PATCH":
    case "PUT": {
      const body = await readObject(req);
      if (body instanceof Response) return body;
      const existing = getRecord(key, id);
      if (!existing) return notFound();
      // A patch must not leave the record invalid either (e.g. blanking a contact's only identifier).
      const invalid = validate(key, method === "PUT" ? body : { ...existing, ...body });
      if (invalid) return error(422, "validation_error", invalid);
      const record = updateRecord(key, id, body, method === "PUT");
      return record ? json(200, record) : notFound();
    }
    case "DELETE":
      return deleteRecord(key, id) ? json(200, { id, deleted: true }) : notFound();
    default:
      return error(405, "method_not_allowed", `${method} is not allowed on /${key}/${id}`);
  }
}
