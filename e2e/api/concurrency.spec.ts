import { expect, test } from "@playwright/test";
import { adminToken, api, customerToken } from "../fixtures";

test("50 parallel autoCreate gets make exactly one instance", async () => {
  const token = await customerToken(`conc-${Date.now()}`);
  await api(token, "POST", "/connections", {
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  });
  const results = await Promise.all(
    Array.from({ length: 50 }, () =>
      api(token, "GET", "/connections/sandbox-crm/flows/sync-new-contacts?instanceKey=k&autoCreate=true"),
    ),
  );
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  const list = await api(token, "GET", "/flow-instances?instanceKey=k&includeArchived=true");
  expect(list.body.items).toHaveLength(1);
});

test("50 parallel PATCHes with If-Match: exactly one wins per revision, no lost update", async () => {
  const token = await customerToken(`ifm-${Date.now()}`);
  await api(token, "POST", "/connections", {
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  });
  const inst = (await api(token, "GET", "/connections/sandbox-crm/flows/sync-new-contacts?autoCreate=true"))
    .body;
  const revision = inst.revision as number;
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      api(
        token,
        "PATCH",
        `/flow-instances/${inst.id}`,
        { name: `writer ${i}` },
        { "if-match": String(revision) },
      ),
    ),
  );
  const winners = results.filter((r) => r.status === 200);
  expect(winners).toHaveLength(1);
  expect(results.filter((r) => r.status === 409)).toHaveLength(49);
  const after = (await api(token, "GET", `/flow-instances/${inst.id}`)).body;
  expect(after.name).toBe(winners[0].body.name);
  expect(after.revision).toBe(revision + 1);

  // Without If-Match every writer's change lands in turn (retried on fresh data, none lost).
  const admin = await adminToken();
  const tags = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api(admin, "PATCH", `/flow-instances/${inst.id}`, { enabled: i % 2 === 0 }),
    ),
  );
  expect(tags.every((r) => r.status === 200)).toBe(true);
  const final = (await api(token, "GET", `/flow-instances/${inst.id}`)).body;
  expect(final.revision).toBe(revision + 21);
});
