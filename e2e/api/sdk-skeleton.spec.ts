import { expect, test } from "@playwright/test";
import { adminToken, sdk, api } from "../fixtures";

test("the official SDK lists instances, runs one and reads its output", async () => {
  const client = sdk(await adminToken());
  // The seeded Acme Corp instance (other specs add instances of their own, some without credentials).
  const acme = (await client.customers.find({ search: "Acme Corp" } as never)).items[0];
  const found = await client.flowInstances.find({ userId: acme.id, flowKey: "sync-new-contacts" } as never);
  expect(found.items).toHaveLength(1);
  const instance = found.items[0];
  expect(instance, "seeded Sync new contacts instance").toBeTruthy();
  const run = await client
    .flowInstance(instance!.id)
    .run({ input: { firstName: "Grace", lastName: "Hopper", email: "grace@example.com" } });
  expect(run.state).toBe("completed");
  const output = await client.flowRun(run.id).getOutput();
  expect(output).toMatchObject({ status: 201, data: { name: "Grace Hopper", email: "grace@example.com" } });
});

test("health answers when ready and unauthenticated API calls get 401 with the error body", async () => {
  const health = await fetch(`${process.env.E2E_APP_URL}/api/health`);
  expect(health.status).toBe(200);
  const res = await api("not-a-token", "GET", "/flow-instances");
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ type: "bad_request", key: "not_authenticated" });
});

test("API responses are gzip-compressed for clients that accept it, and plain for those that do not", async () => {
  const url = `${process.env.E2E_APP_URL}/api/flow-instances?limit=20`;
  const headers = { authorization: `Bearer ${await adminToken()}` };
  const { request } = await import("node:http");
  const get = (acceptEncoding?: string) =>
    new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      const req = request(
        url,
        { headers: { ...headers, ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on("error", reject);
      req.end();
    });
  // Other specs run flows at the same time: compare a gzip answer with the plain ones just before and after
  // it, once those two agree (nothing changed in between).
  const { gunzipSync } = await import("node:zlib");
  let plain = await get();
  let gz = await get("gzip, deflate, br");
  for (let i = 0; i < 10; i++) {
    const after = await get();
    if (after.body.equals(plain.body)) break;
    plain = after;
    gz = await get("gzip, deflate, br");
  }
  expect(plain.encoding).toBeUndefined();
  const list = JSON.parse(plain.body.toString("utf8")) as { items: unknown[] };
  expect(list.items.length).toBeGreaterThan(0);
  expect(gz.encoding).toBe("gzip");
  expect(JSON.parse(gunzipSync(gz.body).toString("utf8"))).toEqual(list);
  expect(gz.body.length).toBeLessThan(plain.body.length);
});
