import { beforeEach, describe, expect, it } from "vitest";
import { handleSandboxCrmRequest, SANDBOX_CRM_API_KEY } from "./handler";
import { resetCrmStore } from "./store";

beforeEach(() => resetCrmStore());

async function call(method: string, path: string, body?: unknown, key: string | null = SANDBOX_CRM_API_KEY) {
  const url = new URL(`http://crm.test/sandbox/crm/${path}`);
  const headers = new Headers(key ? { "x-api-key": key } : {});
  if (body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await handleSandboxCrmRequest(req, url.pathname.split("/").slice(3).filter(Boolean));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("Sandbox CRM", () => {
  it("requires the API key", async () => {
    expect(await call("GET", "contacts", undefined, null)).toMatchObject({ status: 401 });
    expect(await call("GET", "contacts", undefined, "wrong")).toMatchObject({
      status: 401,
      body: { error: { code: "unauthorized" } },
    });
  });

  it("lists seeded records with limit, cursor and search", async () => {
    const all = await call("GET", "deals");
    expect(all.body.records).toHaveLength(2);
    expect(all.body.cursor).toBeUndefined();
    const page = await call("GET", "contacts?limit=1&cursor=1");
    expect(page.body).toMatchObject({ records: [{ id: "c_2" }], cursor: "2" });
    expect((await call("GET", "contacts?search=TURING")).body.records).toEqual([
      expect.objectContaining({ id: "c_3" }),
    ]);
    expect((await call("GET", "contacts?limit=0")).status).toBe(400);
  });

  it("creates with validation, patches, replaces and deletes", async () => {
    expect(await call("POST", "contacts", { company: "no identity" })).toMatchObject({ status: 422 });
    expect(await call("POST", "contacts", ["not", "an", "object"])).toMatchObject({ status: 400 });
    const created = await call("POST", "contacts", { id: "ignored", email: "x@example.com" });
    expect(created).toMatchObject({ status: 201, body: { id: "c_4", email: "x@example.com" } });

    expect(await call("PATCH", "contacts/c_4", { name: "X" })).toMatchObject({
      status: 200,
      body: { id: "c_4", name: "X", email: "x@example.com" },
    });
    // A patch that would leave the contact without an email or name is refused and changes nothing.
    expect(await call("PATCH", "contacts/c_4", { name: "", email: "" })).toMatchObject({ status: 422 });
    expect((await call("GET", "contacts/c_4")).body).toMatchObject({ name: "X" });

    const replaced = await call("PUT", "contacts/c_4", { name: "Only name" });
    expect(replaced.body.email).toBeUndefined();

    expect(await call("DELETE", "contacts/c_4")).toMatchObject({
      status: 200,
      body: { id: "c_4", deleted: true },
    });
    expect(await call("GET", "contacts/c_4")).toMatchObject({ status: 404 });
    expect(await call("DELETE", "contacts/c_4")).toMatchObject({ status: 404 });
  });

  it("answers 404 for unknown collections and 405 for unsupported methods", async () => {
    expect((await call("GET", "tickets")).status).toBe(404);
    expect((await call("GET", "contacts/c_1/extra")).status).toBe(404);
    expect((await call("DELETE", "contacts")).status).toBe(405);
  });
});
