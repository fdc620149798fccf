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
