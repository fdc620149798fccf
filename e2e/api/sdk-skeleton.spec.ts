import { expect, test } from "@playwright/test";
import { adminToken, sdk, api } from "../fixtures";

test("the official SDK lists instances, runs one and reads its output", async () => {
  const client = sdk(await adminToken());
  const found = await client.flowInstances.find({ limit: 100 } as never);
  expect(Array.isArray(found.items)).toBe(true);
  const instance = found.items.find(
    (i) => (i as { flow?: { key?: string } }).flow?.key === "sync-new-contacts",
  );
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
