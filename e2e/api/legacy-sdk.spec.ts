import { expect, test } from "@playwright/test";
import { IntegrationAppClient } from "@integration-app/sdk";
import { adminToken, customerToken, env, sdk } from "../fixtures";

// The legacy client, `@integration-app/sdk` 1.14.1 (Integration.app before the Membrane rename), unchanged,
// against its basic flow-instance, flow-run and flow accessors, and `flow(x).apply(integrationKeys)`.

const uniq = () => Math.random().toString(36).slice(2, 10);
const legacy = (token: string) => new IntegrationAppClient({ apiUri: `${env.appUrl}/api`, token });

test("legacy SDK: flow instances and flow runs of a customer", async () => {
  const tag = uniq();
  const token = await customerToken(`legacy-${tag}`, `Legacy Co ${tag}`);
  // The connection is made with the current SDK (the legacy one's connect flow is a browser popup).
  const connection = await sdk(token).connections.create({
    integrationKey: "sandbox-crm",
    credentials: { apiKey: "sandbox-crm-key" },
  } as never);
  const client = legacy(token);

  const byConnection = client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey: tag });
  const created = await byConnection.get({ autoCreate: true });
  expect(created).toMatchObject({ connectionId: connection.id, instanceKey: tag, enabled: true });
  expect(Object.keys(created.nodes ?? {}).sort()).toEqual(["create", "shape", "trigger"]);
  // Its d.ts types the page's items as Flow[][]; the answer is the SDK's page of instances.
  const listed = (await client.connection("sandbox-crm").flows.list()).items as unknown as { id: string }[];
  expect(listed.map((i) => i.id)).toContain(created.id);

  const bySelector = client.flowInstance({
    flowKey: "sync-new-contacts",
    connectionId: connection.id,
    instanceKey: tag,
  });
  expect((await bySelector.get()).id).toBe(created.id);
  expect((await client.flowInstances.find({ connectionId: connection.id })).items.map((i) => i.id)).toEqual([
    created.id,
  ]);

  const byId = client.flowInstance(created.id);
  expect((await byId.patch({ name: `Legacy ${tag}` })).name).toBe(`Legacy ${tag}`);
  expect((await byId.disable()).enabled).toBe(false);
  expect((await byId.enable()).enabled).toBe(true);
  expect((await byId.setup()).state).toBe("READY");
  expect((await byId.updateToLatestFlow()).outdated).toBe(false);
  expect((await byId.reset()).name).not.toBe(`Legacy ${tag}`);

  // run() starts the run and polls it until it ends.
  const run = await byId.run({ input: { firstName: "Old", email: "old@legacy.example" } });
  expect(run).toMatchObject({ state: "completed", flowInstanceId: created.id, startNodeKey: "trigger" });
  const runAccessor = client.flowRun(run.id);
  const got = await runAccessor.get();
  expect(got.nodes?.create).toMatchObject({ state: "completed", runs: 1 });
  expect(await runAccessor.getOutput()).toBeTruthy();
  expect((await client.flowRuns.find({ flowInstanceId: created.id })).items.map((r) => r.id)).toEqual([
    run.id,
  ]);

  const nodeRuns = await runAccessor.getNodeRuns("shape");
  expect(nodeRuns.items).toHaveLength(1);
  const nodeRun = nodeRuns.items[0];
  expect(await runAccessor.getNodeRun("shape", nodeRun.id)).toMatchObject({
    id: nodeRun.id,
    status: "completed",
  });
  const outputs = await runAccessor.getNodeOutputs("shape");
  expect(outputs.items.map((o: { id: string }) => o.id)).toEqual(
    nodeRun.outputs.map((o: { id: string }) => o.id),
  );
  expect((await runAccessor.getNodeOutput("shape", outputs.items[0].id)).data).toEqual(
    nodeRun.outputs[0].data,
  );

  const repeated = await runAccessor.repeat();
  expect(repeated).toMatchObject({ flowInstanceId: created.id, input: run.input });

  // (The legacy FlowInstance type has no archivedAt; the answer has it.)
  const archivedAt = async () =>
    ((await client.flowInstance(created.id).get()) as { archivedAt?: string }).archivedAt;
  await byId.archive();
  expect(await archivedAt()).toBeTruthy();
  await byId.restore();
  expect(await archivedAt()).toBeFalsy();

  // Another customer's instance is not found.
  const other = legacy(await customerToken(`legacy-other-${tag}`));
  await expect(other.flowInstance(created.id).get()).rejects.toMatchObject({
    data: { key: "not_found" },
  });
});

test("legacy SDK: flows, and apply(integrationKeys) of a universal flow", async () => {
  const admin = legacy(await adminToken());
  const key = `legacy-universal-${uniq()}`;
  expect((await admin.flows.find({})).items.map((f) => f.key)).toContain("sync-new-contacts");
  expect((await admin.flows.findAll({})).map((f) => f.key)).toContain("sync-new-contacts");

  const universal = await admin.flows.create({
    key,
    name: "Legacy universal",
    nodes: {
      t: { type: "api-trigger", links: [{ key: "x" }] },
      x: { type: "transform-data", config: { output: {} } },
    },
  });
  expect((await admin.flow(key).get()).id).toBe(universal.id);
  expect((await admin.flow(universal.id).patch({ name: "Legacy universal v1" })).name).toBe(
    "Legacy universal v1",
  );
  const reset = await admin.flow(universal.id).reset();
  expect(reset.revision).not.toBe(universal.revision);

  const crm = (await admin.integrations.find({})).items.find((i) => i.key === "sandbox-crm")!;
  const [copy] = await admin.flow(key).apply(["sandbox-crm"]);
  expect(copy).toMatchObject({
    key: `${key}-sandbox-crm`,
    integrationId: crm.id,
    name: "Legacy universal v1",
  });
  expect(Object.keys(copy.nodes ?? {}).sort()).toEqual(["t", "x"]);
  // The copy is a flow of that integration, listed and readable as one.
  expect((await admin.integration("sandbox-crm").flows.list()).items.map((f) => f.id)).toContain(copy.id);
  expect((await admin.flow({ key: copy.key, integrationKey: "sandbox-crm" }).get()).id).toBe(copy.id);

  // Applying again (by selector) after a change updates the same copy.
  await admin.flow(universal.id).patch({ name: "Legacy universal v2" });
  const [again] = await admin.flow({ key }).apply(["sandbox-crm"]);
  expect(again).toMatchObject({ id: copy.id, name: "Legacy universal v2" });
  expect(again.revision).not.toBe(copy.revision);

  // Bad input: 400 naming the field.
  await expect(admin.flow(key).apply(["sandbox-crm", "no-such-app"])).rejects.toMatchObject({
    data: { message: 'integrationKeys.1: no integration "no-such-app"' },
  });
  await expect(admin.flow(key).apply([])).rejects.toMatchObject({
    data: { message: expect.stringContaining("integrationKeys") },
  });
  await expect(admin.flow(copy.id).apply(["sandbox-crm"])).rejects.toMatchObject({
    data: { message: expect.stringContaining("a universal flow (one without integrationId) can be applied") },
  });
  // A customer cannot apply flows.
  const customer = legacy(await customerToken(`legacy-apply-${uniq()}`));
  await expect(customer.flow(key).apply(["sandbox-crm"])).rejects.toMatchObject({
    data: { key: "access_denied" },
  });

  await admin.flow(copy.id).archive();
  expect((await admin.flow(copy.id).get()).archivedAt).toBeTruthy();
  await admin.flow(copy.id).restore();
  expect((await admin.flow(copy.id).get()).archivedAt).toBeFalsy();
});
