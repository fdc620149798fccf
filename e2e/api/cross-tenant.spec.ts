import { expect, test } from "@playwright/test";
import { api, customerToken, sdk } from "../fixtures";

// Customer B's token against every tenant-scoped route with customer A's ids: 404, and A's data unchanged.
test("customer B cannot see or change anything of customer A", async () => {
  const a = await customerToken(`a-${Date.now()}`);
  const b = await customerToken(`b-${Date.now()}`);
  const conn = (
    await api(a, "POST", "/connections", {
      integrationKey: "sandbox-crm",
      credentials: { apiKey: "sandbox-crm-key" },
    })
  ).body;
  await api(b, "POST", "/connections", {
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  });
  const inst = await sdk(a)
    .connection(conn.id as string)
    .flow("sync-new-contacts")
    .get({ autoCreate: true } as never);
  const run = await sdk(a)
    .flowInstance(inst.id)
    .run({ input: { firstName: "A", email: "a@a.example" } });
  const nodeRun = (await sdk(a).flowRun(run.id).getNodeRuns("shape")).items[0];
  const before = await api(a, "GET", `/flow-instances/${inst.id}`);

  const cid = conn.id as string;
  const calls: [string, string, unknown?][] = [
    ["GET", `/connections/${cid}`],
    ["PATCH", `/connections/${cid}`, { name: "hijacked" }],
    ["DELETE", `/connections/${cid}`],
    ["POST", `/connections/${cid}/restore`],
    ["GET", `/connections/${cid}/flows`],
    ["GET", `/connections/${cid}/flows/sync-new-contacts`],
    ["GET", `/connections/${cid}/flows/sync-new-contacts?autoCreate=true`],
    ["PUT", `/connections/${cid}/flows/sync-new-contacts`, {}],
    ["PATCH", `/connections/${cid}/flows/sync-new-contacts`, { enabled: false }],
    ["DELETE", `/connections/${cid}/flows/sync-new-contacts`],
    ["POST", `/connections/${cid}/flows/sync-new-contacts/reset`],
    ["POST", `/connections/${cid}/flows/sync-new-contacts/setup`],
    ["POST", `/connections/${cid}/flows/sync-new-contacts/run`, { input: {} }],
    ["GET", `/flow-instance?id=${inst.id}`],
    ["PATCH", `/flow-instance?id=${inst.id}`, { enabled: false }],
    ["PUT", `/flow-instance?id=${inst.id}`, { name: "x" }],
    ["DELETE", `/flow-instance?id=${inst.id}`],
    ["POST", `/flow-instance/restore?id=${inst.id}`],
    ["GET", `/flow-instance?flowKey=sync-new-contacts&connectionId=${cid}`],
    ["GET", `/flow-instance?flowKey=sync-new-contacts&connectionId=${cid}&autoCreate=true`],
    ["GET", `/flow-instances/${inst.id}`],
    ["PATCH", `/flow-instances/${inst.id}`, { name: "x" }],
    ["DELETE", `/flow-instances/${inst.id}`],
    ["POST", `/flow-instances/${inst.id}/setup`],
    ["POST", `/flow-instances/${inst.id}/reset`],
    ["POST", `/flow-instances/${inst.id}/update-to-latest-flow`],
    ["POST", `/flow-runs`, { flowInstanceId: inst.id, input: {} }],
    ["GET", `/flow-runs/${run.id}`],
    ["POST", `/flow-runs/${run.id}/stop`],
    ["GET", `/flow-runs/${run.id}/output`],
    ["GET", `/flow-runs/${run.id}/nodes/shape/runs`],
    ["GET", `/flow-runs/${run.id}/nodes/shape/runs/${nodeRun.id}`],
    ["GET", `/flow-runs/${run.id}/nodes/shape/outputs`],
    ["GET", `/customers/${(before.body as { userId: string }).userId}`],
  ];
  for (const [method, path, body] of calls) {
    const res = await api(b, method, path, body);
    expect(res.status, `${method} ${path}`).toBe(404);
    expect(res.body, `${method} ${path}`).toMatchObject({ type: "bad_request", key: "not_found" });
  }
  // Lists are filtered, not refused.
  expect((await api(b, "GET", `/flow-instances?connectionId=${cid}`)).body.items).toEqual([]);
  expect((await api(b, "GET", `/flow-runs?flowInstanceId=${inst.id}`)).body.items).toEqual([]);
  expect((await api(b, "GET", `/connections`)).body.items?.map((c) => c.id)).not.toContain(cid);
  // The very same URLs for A, then B, then A: reads are reused while the database is unchanged
  // (lib/server/read-cache.ts), never across callers.
  const ids = (res: { body: { items?: Record<string, unknown>[] } }) => res.body.items?.map((i) => i.id);
  for (const path of ["/flow-instances?limit=1000", "/connections/sandbox-crm/flows"]) {
    expect(ids(await api(a, "GET", path)), path).toContain(inst.id);
    expect(ids(await api(b, "GET", path)), path).not.toContain(inst.id);
    expect(ids(await api(a, "GET", path)), path).toContain(inst.id);
  }
  const byKey = "/connections/sandbox-crm/flows/sync-new-contacts";
  expect((await api(a, "GET", byKey)).body.id).toBe(inst.id);
  expect((await api(b, "GET", byKey)).status).toBe(404);
  expect((await api(a, "GET", byKey)).body.id).toBe(inst.id);
  // Nothing of A's changed.
  const after = await api(a, "GET", `/flow-instances/${inst.id}`);
  expect(after.body).toEqual(before.body);
  expect((await api(a, "GET", `/connections/${cid}`)).body.name).not.toBe("hijacked");
  // Customers read flows and integrations, but cannot write them.
  expect((await api(b, "GET", "/flows/sync-new-contacts")).status).toBe(200);
  expect((await api(b, "PATCH", "/flows/sync-new-contacts", { name: "x" })).status).toBe(403);
  expect((await api(b, "POST", "/integrations", { key: "x", name: "x" })).status).toBe(403);
});

test("forged, expired and wrong-issuer tokens are refused with 401; HS512 works", async () => {
  const { SignJWT } = await import("jose");
  const secret = new TextEncoder().encode(process.env.E2E_WORKSPACE_SECRET!);
  const forged = await new SignJWT({ isAdmin: true })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(process.env.E2E_WORKSPACE_KEY!)
    .sign(new TextEncoder().encode("wrong-secret-wrong-secret"));
  const expired = await new SignJWT({ id: "x" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(process.env.E2E_WORKSPACE_KEY!)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
    .sign(secret);
  const wrongIss = await new SignJWT({ id: "x" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("other")
    .sign(secret);
  for (const t of [forged, expired, wrongIss, "garbage"]) {
    const res = await api(t, "GET", "/flow-instances");
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ key: "not_authenticated" });
  }
  const hs512 = await new SignJWT({ tenantKey: `hs512-${Date.now()}`, name: "HS512 Co" })
    .setProtectedHeader({ alg: "HS512" })
    .setIssuer(process.env.E2E_WORKSPACE_KEY!)
    .setExpirationTime("1h")
    .sign(secret);
  expect((await api(hs512, "GET", "/flow-instances")).status).toBe(200);
});
