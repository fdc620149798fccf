import { expect, test } from "@playwright/test";
import { adminToken, customerToken, sdk } from "../fixtures";

const uniq = () => Math.random().toString(36).slice(2, 10);

async function customer() {
  const tenant = `archived-${uniq()}`;
  const client = sdk(await customerToken(tenant));
  await client.connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never);
  return { tenant, client };
}

test.describe("archived flow instances (official SDK)", () => {
  test("archive → 404 → autoCreate a new one → lists → restore conflicts, then restores", async () => {
    const { client } = await customer();
    const instanceKey = `k-${uniq()}`;
    const flow = client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey });
    const first = await flow.get({ autoCreate: true } as never);
    await flow.archive();

    await expect(flow.get()).rejects.toMatchObject({ data: { key: "not_found" } });
    const archived = await client.flowInstance(first.id).get();
    expect(archived.archivedAt).toBeTruthy();
    await expect(client.flowInstance(first.id).patch({ name: "x" } as never)).rejects.toMatchObject({
      message: expect.stringContaining("archived"),
    });

    const second = await flow.get({ autoCreate: true } as never);
    expect(second.id).not.toBe(first.id);
    expect(second.archivedAt).toBeFalsy();

    const ids = async (q: Record<string, unknown>) =>
      (await client.flowInstances.find({ instanceKey, ...q } as never)).items.map((i) => i.id).sort();
    expect(await ids({})).toEqual([second.id]);
    expect(await ids({ includeArchived: true })).toEqual([first.id, second.id].sort());

    await expect(client.flowInstance(first.id).restore()).rejects.toMatchObject({
      message: expect.stringContaining(second.id),
    });
    await client.flowInstance(second.id).archive();
    const restored = await client.flowInstance(first.id).restore();
    expect(restored.id).toBe(first.id);
    expect(restored.archivedAt).toBeFalsy();
    expect((await flow.get()).id).toBe(first.id);
  });

  test("20 concurrent get({autoCreate}) right after an archive make exactly one new instance", async () => {
    const { client } = await customer();
    const instanceKey = `race-${uniq()}`;
    const flow = client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey });
    const old = await flow.get({ autoCreate: true } as never);
    await flow.archive();
    const all = await Promise.all(Array.from({ length: 20 }, () => flow.get({ autoCreate: true } as never)));
    const ids = new Set(all.map((i) => i.id));
    expect(ids.size).toBe(1);
    expect(ids.has(old.id)).toBe(false);
    const live = await client.flowInstances.find({ instanceKey } as never);
    expect(live.items.map((i) => i.id)).toEqual([...ids]);
  });

  test("the connection-level run honours autoCreate; runs of archived instances leave the run list", async () => {
    const { client } = await customer();
    const instanceKey = `run-${uniq()}`;
    const flow = client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey });
    const run = await client.post(
      `/connections/sandbox-crm/flows/sync-new-contacts/run?autoCreate=true&instanceKey=${instanceKey}`,
      { input: { firstName: "A", email: "a@example.com" } },
    );
    const instance = await flow.get();
    expect(run.flowInstanceId).toBe(instance.id);
    const runIds = async (q: Record<string, unknown>) =>
      (await client.flowRuns.find({ flowInstanceId: instance.id, ...q } as never)).items.map((r) => r.id);
    expect(await runIds({})).toContain(run.id);
    await flow.archive();
    expect(await runIds({})).not.toContain(run.id);
    expect(await runIds({ includeArchived: true })).toContain(run.id);
  });

  test("flowInstance(selector).create(): POST /flow-instance; admins select by {integrationKey, userId}", async () => {
    const { tenant, client } = await customer();
    const admin = sdk(await adminToken());
    const instanceKey = `create-${uniq()}`;
    const created = await admin
      .flowInstance({
        flowKey: "sync-new-contacts",
        integrationKey: "sandbox-crm",
        userId: tenant,
        instanceKey,
      } as never)
      .create({ name: "Created by admin", customized: { name: true } } as never);
    expect(created.name).toBe("Created by admin");
    expect(created.customized).toMatchObject({ name: true });
    const mine = await client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey }).get();
    expect(mine.id).toBe(created.id);
    await expect(
      admin
        .flowInstance({
          flowKey: "sync-new-contacts",
          integrationKey: "sandbox-crm",
          userId: tenant,
          instanceKey,
        } as never)
        .create({} as never),
    ).rejects.toMatchObject({ data: { key: "already_exists" } });
    await expect(
      admin.flowInstance({ flowKey: "sync-new-contacts", connectionKey: "main" } as never).get(),
    ).rejects.toMatchObject({ message: expect.stringContaining("connectionKey") });
  });
});

test.describe("flow accessors (official SDK)", () => {
  test("flow({key, integrationKey}), flow(x).reset(), integration(i).flows and integration(i).flow(f)", async () => {
    const admin = sdk(await adminToken());
    const byKey = await admin
      .flow({ key: "sync-new-contacts", integrationKey: "sandbox-crm" } as never)
      .get();
    expect(byKey.key).toBe("sync-new-contacts");
    await expect(
      admin.flow({ key: "sync-new-contacts", integrationKey: "no-such-integration" } as never).get(),
    ).rejects.toMatchObject({ data: { key: "not_found" } });

    const reset = await admin.flow(byKey.id).reset();
    expect(reset.revision).not.toBe(byKey.revision);
    expect(reset.nodes).toEqual(byKey.nodes);

    const listed = await admin.integration("sandbox-crm").flows.list();
    expect(listed.items.map((f) => f.key)).toContain("sync-new-contacts");
    const level = admin.integration("sandbox-crm").flow("sync-new-contacts");
    expect((await level.get()).id).toBe(byKey.id);
    expect((await level.reset()).id).toBe(byKey.id);
  });
});
