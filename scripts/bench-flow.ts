// The flow bench:api and bench:http load: api-trigger → transform-data → filter (every run passes).
export const BENCH_FLOW_NODES = {
  trigger: { type: "api-trigger", links: [{ key: "shape" }] },
  shape: {
    type: "transform-data",
    config: { output: { x: { $var: "$.input.trigger.x" } } },
    links: [{ key: "keep" }],
  },
  keep: { type: "filter", config: { filter: { $eval: { $var: "$.input.shape.x" }, gt: 0 } } },
};

/** The workspace secrets the HTTP benches start their servers with (tokens are signed with them). */
export const BENCH_SECRETS = {
  WORKSPACE_KEY: "bench",
  WORKSPACE_SECRET: "bench-secret-0123456789abcdef",
  ADMIN_PASSWORD: "bench-password",
};

/** A JWT of the bench workspace with these claims (admin: `{isAdmin: true}`; a customer: `{id, name}`). */
export async function benchToken(claims: Record<string, unknown>): Promise<string> {
  const { SignJWT } = await import("jose");
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("bench")
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(BENCH_SECRETS.WORKSPACE_SECRET));
}

/** A JSON call of the API at `base` (`http://host:port/api`); throws on a non-2xx answer. */
export async function benchApi<T>(base: string, method: string, p: string, auth: string, body?: unknown) {
  const res = await fetch(base + p, {
    method,
    headers: { authorization: `Bearer ${auth}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The bench flow and `count` customers, each with a connection and an instance; all through the API. */
export async function setUpBenchInstances(base: string, admin: string, count: number) {
  const api = <T>(method: string, p: string, auth: string, body?: unknown) =>
    benchApi<T>(base, method, p, auth, body);
  await api("POST", "/integrations", admin, { key: "bench-app", name: "Bench app" });
  await api("POST", "/flows", admin, {
    key: "bench-flow",
    name: "Bench flow",
    integrationKey: "bench-app",
    nodes: BENCH_FLOW_NODES,
  });
  const instances: { id: string; token: string }[] = [];
  for (let i = 0; i < count; i++) {
    const t = await benchToken({ id: `customer-${i}`, name: `Customer ${i}` });
    await api("POST", "/connections", t, { integrationKey: "bench-app", name: `Connection ${i}` });
    const inst = await api<{ id: string }>(
      "GET",
      "/connections/bench-app/flows/bench-flow?autoCreate=true",
      t,
    );
    instances.push({ id: inst.id, token: t });
  }
  return instances;
}
