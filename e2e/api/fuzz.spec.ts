import { expect, test } from "@playwright/test";
import fc from "fast-check";
import { adminToken, api, customerToken, env } from "../fixtures";

// Malformed bodies and queries to every route: always a 4xx (or 2xx), never a 5xx.
const routes: [string, string][] = [
  ["GET", "/flow-instances"],
  ["POST", "/flow-instances"],
  ["GET", "/flow-instance"],
  ["PATCH", "/flow-instance"],
  ["PUT", "/flow-instance"],
  ["DELETE", "/flow-instance"],
  ["POST", "/flow-instance/restore"],
  ["GET", "/flow-instances/ID"],
  ["PATCH", "/flow-instances/ID"],
  ["PUT", "/flow-instances/ID"],
  ["POST", "/flow-instances/ID/setup"],
  ["POST", "/flow-instances/ID/reset"],
  ["POST", "/flow-instances/ID/update-to-latest-flow"],
  ["GET", "/connections"],
  ["POST", "/connections"],
  ["GET", "/connections/sandbox-crm"],
  ["PATCH", "/connections/CONN"],
  ["GET", "/connections/CONN/flows"],
  ["GET", "/connections/CONN/flows/sync-new-contacts"],
  ["PUT", "/connections/CONN/flows/sync-new-contacts"],
  ["PATCH", "/connections/CONN/flows/sync-new-contacts"],
  ["POST", "/connections/CONN/flows/sync-new-contacts/run"],
  ["POST", "/connections/CONN/flows/sync-new-contacts/reset"],
  ["GET", "/flow-runs"],
  ["POST", "/flow-runs"],
  ["GET", "/flow-runs/ID"],
  ["POST", "/flow-runs/ID/stop"],
  ["GET", "/flow-runs/ID/output"],
  ["GET", "/flow-runs/ID/nodes/x/runs"],
  ["GET", "/flows"],
  ["POST", "/flows"],
  ["PATCH", "/flows/FLOW"],
  ["GET", "/integrations"],
  ["POST", "/integrations"],
  ["GET", "/customers"],
  ["POST", "/customers"],
  ["POST", "/app-events/deal-updated"],
];

const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.constantFrom(
    "{",
    "[1,",
    '{"nodes":{"a":{"type":1}}}',
    '{"parameters":"x"}',
    '{"limit":-1}',
    "null",
    '{"input":{"__proto__":{"x":1}}}',
    '{"name":"a\\u0000b"}',
    '{"input":{"k\\u0000":"v"}}',
    '{"parameters":{"tag":"\\u0000"}}',
    '{"flowInstanceId":"x\\u0000"}',
  ),
  fc.record({
    name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    enabled: fc.oneof(fc.boolean(), fc.string()),
    nodes: fc.anything(),
  }),
  fc.record({
    flowInstanceId: fc.oneof(fc.string(), fc.integer()),
    input: fc.anything(),
    startNodeKey: fc.anything(),
  }),
);
const queryish = fc.dictionary(
  fc.constantFrom(
    "limit",
    "cursor",
    "id",
    "flowKey",
    "connectionId",
    "instanceKey",
    "autoCreate",
    "state",
    "from",
    "enabled",
    "includeArchived",
    "search",
    "integrationKey",
  ),
  fc.oneof(
    fc.string(),
    fc.constantFrom("-1", "0", "1001", "abc", "true", "'; drop table flow_runs; --", "%", "\u0000"),
  ),
);

test("fuzzed bodies and queries never produce a 5xx", async () => {
  test.setTimeout(240_000);
  const tokens = [await adminToken(), await customerToken(`fuzz-${Date.now()}`)];
  const conn = (
    await api(tokens[1], "POST", "/connections", { integrationKey: "sandbox-crm", credentials: {} })
  ).body.id as string;
  const inst = (await api(tokens[1], "GET", `/connections/${conn}/flows/sync-new-contacts?autoCreate=true`))
    .body.id as string;
  // The fuzzer patches flows with an admin token: give it its own flow so the demo flows stay intact.
  const flow = `fuzz-flow-${Date.now()}`;
  await api(tokens[0], "POST", "/flows", { key: flow, name: "Fuzz", nodes: { t: { type: "api-trigger" } } });
  const failures: string[] = [];
  await fc
    .assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        jsonish,
        queryish,
        fc.constantFrom(0, 1),
        async ([method, path], body, query, t) => {
          const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
          const url =
            path.replace("ID", inst).replace("CONN", conn).replace("FLOW", flow) + (qs ? `?${qs}` : "");
          const raw = typeof body === "string" ? body : JSON.stringify(body);
          const res = await api(tokens[t], method, url, method === "GET" ? undefined : (raw ?? "null"));
          if (res.status >= 500)
            failures.push(
              `${method} ${url} ${raw?.slice(0, 200)} → ${res.status} ${JSON.stringify(res.body)}`,
            );
          return res.status < 500;
        },
      ),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 100000) },
    )
    .catch((err) => {
      throw new Error(`${(err as Error).message}\n${failures.slice(0, 5).join("\n")}`);
    });
  expect(failures).toEqual([]);
});

test("bodies over 1 MB are refused with 413, malformed JSON with 400", async () => {
  const token = await adminToken();
  const big = JSON.stringify({ input: "x".repeat(1_100_000) });
  const res = await api(token, "POST", "/flow-runs", big);
  expect(res.status).toBe(413);
  const bad = await api(token, "POST", "/flow-runs", "{not json");
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain("malformed JSON");
});

test("a body sent in chunks without a length is refused with 413 once it passes 1 MB; a small one is read", async () => {
  const token = await adminToken();
  // fetch with a stream body sends Transfer-Encoding: chunked (no content-length to refuse up front).
  const send = (text: string) =>
    fetch(`${env.appUrl}/api/flow-runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: new Blob([text]).stream(),
      duplex: "half",
    } as RequestInit);
  const big = await send(JSON.stringify({ input: "x".repeat(1_100_000) }));
  expect(big.status).toBe(413);
  const small = await send(JSON.stringify({ flowInstanceId: "not-an-id" }));
  expect(small.status).toBe(404);
  expect(((await small.json()) as { message: string }).message).toMatch(/flow instance/i);
});

test("NUL characters and undecodable path segments get a 400 naming where, on every route", async () => {
  test.setTimeout(120_000);
  const token = await adminToken();
  const failures: string[] = [];
  for (const [method, path] of routes) {
    const variants = [
      path.replace(/ID|CONN|FLOW|sandbox-crm|sync-new-contacts|deal-updated|x$/, "a%00b"),
      path.replace(/ID|CONN|FLOW|sandbox-crm|sync-new-contacts|deal-updated|x$/, "%ff%fe"),
      `${path}?search=a%00b`,
    ];
    for (const url of variants) {
      if (url === path) continue;
      const res = await api(token, method, url, method === "GET" ? undefined : "{}").catch((e: Error) => ({
        status: 599,
        body: { message: String(e.cause ?? e) },
      }));
      if (res.status >= 500) failures.push(`${method} ${url} → ${res.status} ${res.body?.message ?? ""}`);
    }
    if (method !== "GET") {
      const res = await api(token, method, path, '{"name":"a\\u0000b","input":{"x":"\\u0000"}}');
      if (res.status >= 500) failures.push(`${method} ${path} (NUL body) → ${res.status}`);
    }
  }
  expect(failures).toEqual([]);
  const bad = await api(token, "GET", "/flow-instances/%ff%fe");
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain("path");
  const nul = await api(token, "GET", "/flow-instances?search=a%00b");
  expect(nul.status).toBe(400);
  expect(nul.body.message).toContain("query.search");
  const body = await api(token, "POST", "/flow-runs", '{"flowInstanceId":"x","input":{"name":"a\\u0000"}}');
  expect(body.status).toBe(400);
  expect(body.body.message).toContain("body.input.name");
});
