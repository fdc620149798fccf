import { expect, test } from "@playwright/test";
import { adminToken, api, customerToken, sdk } from "../fixtures";

// The official @membranehq/sdk client, unchanged, against every flow-instance, flow-run, flow,
// integration, customer and connection accessor Flowdeck supports.

const uniq = () => Math.random().toString(36).slice(2, 10);

test.describe("SDK contract", () => {
  test("workspace elements: integrations, flows, customers, connections", async () => {
    const admin = sdk(await adminToken());
    const integrations = await admin.integrations.find({});
    const crm = integrations.items.find((i) => i.key === "sandbox-crm");
    expect(crm?.name).toBe("Sandbox CRM");
    expect((await admin.integration(crm!.id).get()).key).toBe("sandbox-crm");

    const flows = await admin.flows.find({});
    expect(flows.items.map((f) => f.key)).toEqual(
      expect.arrayContaining(["sync-new-contacts", "notify-on-won-deal", "nightly-export"]),
    );
    const key = `flow-${uniq()}`;
    const created = await admin.flows.create({
      key,
      name: "Contract flow",
      integrationId: crm!.id,
      nodes: {
        t: { type: "api-trigger", links: [{ key: "x" }] },
        x: { type: "transform-data", config: { output: { ok: true } } },
      },
    } as never);
    expect(created.key).toBe(key);
    const patched = await admin.flow(created.id).patch({ name: "Renamed" } as never);
    expect(patched.name).toBe("Renamed");
    expect(patched.revision).not.toBe(created.revision);
    await admin.flow(created.id).archive();
    expect((await admin.flow(created.id).get()).archivedAt).toBeTruthy();
    await admin.flow(created.id).restore();
    expect((await admin.flow(created.id).get()).archivedAt).toBeFalsy();

    const internalId = `cust-${uniq()}`;
    const customer = await admin.customers.create({ internalId, name: "Contract Co" } as never);
    expect((await admin.customer(customer.id).get()).internalId).toBe(internalId);
    expect((await admin.customer(customer.id).patch({ name: "Contract Co 2" } as never)).name).toBe(
      "Contract Co 2",
    );
    const allCustomers = await admin.customers.findAll({});
    expect(allCustomers.some((c) => c.id === customer.id)).toBe(true);

    const connection = await admin.connections.create({
      integrationId: crm!.id,
      userId: customer.id,
      credentials: { apiKey: "sandbox-crm-key" },
    } as never);
    expect((connection as { credentials?: unknown }).credentials).toBeUndefined();
    const withSecrets = await admin.connection(connection.id).get({ includeSecrets: true } as never);
    expect((withSecrets as { credentials?: unknown }).credentials).toEqual({ apiKey: "sandbox-crm-key" });
    expect((await admin.connections.find({ userId: customer.id } as never)).items.map((c) => c.id)).toContain(
      connection.id,
    );
    await admin.connection(connection.id).patch({ name: "Renamed connection" } as never);
    expect((await admin.connection(connection.id).get()).name).toBe("Renamed connection");
  });

  test("flow instances through selectors, connection-level accessors, actions and runs", async () => {
    const tenant = `tenant-${uniq()}`;
    const client = sdk(await customerToken(tenant, "Tenant Inc"));
    // A customer token creates its own connection, then works with integration keys.
    await client.connections.create({
      integrationKey: "sandbox-crm",
      credentials: { apiKey: "sandbox-crm-key" },
    } as never);

    const flowAccessor = client.connection("sandbox-crm").flow("sync-new-contacts", { instanceKey: "main" });
    await expect(flowAccessor.get()).rejects.toMatchObject({ data: { key: "not_found" } });
    const instance = await flowAccessor.get({ autoCreate: true } as never);
    expect(instance.instanceKey).toBe("main");
    expect(instance.enabled).toBe(true);
    expect((await flowAccessor.get({ autoCreate: true } as never)).id).toBe(instance.id);

    // Enable/disable, patch parameters (validated), customize a node, setup, reset.
    expect((await flowAccessor.disable()).enabled).toBe(false);
    expect((await flowAccessor.enable()).enabled).toBe(true);
    const withParams = await flowAccessor.patch({
      parameters: { defaultOwner: "owner@tenant.example", tag: "t" },
    } as never);
    expect(withParams.parameters).toMatchObject({ defaultOwner: "owner@tenant.example" });
    await expect(flowAccessor.patch({ parameters: { defaultOwner: 42 } } as never)).rejects.toMatchObject({
      message: expect.stringContaining("parameters.defaultOwner"),
    });

    const byId = client.flowInstance(instance.id);
    const customized = await byId.patch({
      nodes: { shape: { config: { output: { email: { $var: "$.input.trigger.email" } } } } },
    } as never);
    expect(customized.isCustomized).toBe(true);
    expect(customized.nodes!.shape.isCustomized).toBe(true);
    expect(customized.nodes!.trigger.isCustomized).toBe(false);
    const setUp = await byId.setup();
    expect(setUp.nodes!.shape.inputSchema).toMatchObject({
      type: "object",
      properties: { trigger: { type: "object" } },
    });
    expect(setUp.nodes!.shape.outputSchema).toMatchObject({ properties: { email: { type: "string" } } });
    const reset = await byId.reset();
    expect(reset.id).toBe(instance.id);
    expect(reset.isCustomized).toBe(false);
    expect(((await byId.updateToLatestFlow()) as { outdated?: boolean }).outdated).toBe(false);

    // Lists: global and connection-level.
    const listed = await client.flowInstances.find({ instanceKey: "main" } as never);
    expect(listed.items.map((i) => i.id)).toContain(instance.id);
    const perConnection = await client.connection("sandbox-crm").flows.list();
    expect((perConnection.items as unknown as { id: string }[]).map((i) => i.id)).toContain(instance.id);

    // Runs: connection-level run, flowInstance(...).run (polls to completion), flowRuns.find, node runs and outputs.
    const started = await flowAccessor.run({ input: { firstName: "Kim", email: "kim@tenant.example" } });
    expect(["queued", "running", "completed"]).toContain(started.state);
    const run = await byId.run({ input: { firstName: "Lee", lastName: "Ng", email: "lee@tenant.example" } });
    expect(run.state).toBe("completed");
    const runAccessor = client.flowRun(run.id);
    expect((await runAccessor.get()).flowInstanceId).toBe(instance.id);
    expect(await runAccessor.getOutput()).toMatchObject({
      data: { email: "lee@tenant.example", name: "Lee Ng" },
    });
    const nodeRuns = await runAccessor.getNodeRuns("shape");
    expect(nodeRuns.items).toHaveLength(1);
    expect(nodeRuns.items[0].input).toMatchObject({ trigger: { email: "lee@tenant.example" } });
    const one = await runAccessor.getNodeRun("shape", nodeRuns.items[0].id);
    expect(one.id).toBe(nodeRuns.items[0].id);
    const outputs = await runAccessor.getNodeOutputs("shape");
    expect(outputs.items[0].data).toMatchObject({ name: "Lee Ng" });
    expect((await runAccessor.getNodeOutput("shape", outputs.items[0].id)).data).toMatchObject({
      name: "Lee Ng",
    });
    const repeated = await runAccessor.repeat();
    expect(repeated.id).not.toBe(run.id);
    expect(repeated.input).toEqual(run.input);
    const runs = await client.flowRuns.find({ flowInstanceId: instance.id } as never);
    expect(runs.items.length).toBeGreaterThanOrEqual(3);
    const createdRun = await client.flowRuns.create({
      flowInstanceId: instance.id,
      input: { firstName: "Q", email: "q@t.example" },
    } as never);
    await client
      .flowRun(createdRun.id)
      .stop()
      .catch(() => undefined);
    const afterStop = await client.flowRun(createdRun.id).get();
    expect(["stopped", "completed", "running"]).toContain(afterStop.state);

    // Archive hides it from lists and refuses runs; restore brings it back.
    await flowAccessor.archive();
    expect(
      (await client.flowInstances.find({ instanceKey: "main" } as never)).items.map((i) => i.id),
    ).not.toContain(instance.id);
    expect(
      (await client.flowInstances.find({ instanceKey: "main", includeArchived: true } as never)).items.map(
        (i) => i.id,
      ),
    ).toContain(instance.id);
    await expect(byId.run({ input: {} })).rejects.toMatchObject({
      message: expect.stringContaining("archived"),
    });
    await client
      .flowInstance({
        flowKey: "sync-new-contacts",
        integrationKey: "sandbox-crm",
        instanceKey: "main",
      } as never)
      .restore();
    expect((await byId.get()).archivedAt).toBeFalsy();

    // PUT on the connection-level path creates; create() on a new instanceKey too.
    const other = client.connection("sandbox-crm").flow("notify-on-won-deal", { instanceKey: "second" });
    const createdByPut = await other.create();
    expect(createdByPut.instanceKey).toBe("second");
    await other.setup();
    await other.reset();
    const put = await client.flowInstance(createdByPut.id).put({ name: "Put name" } as never);
    expect(put.name).toBe("Put name");
    const createdViaList = await client.flowInstances.create({
      flowKey: "nightly-export",
      integrationKey: "sandbox-crm",
      instanceKey: "x",
    } as never);
    expect(createdViaList.instanceKey).toBe("x");
  });

  test("app events start runs of matching enabled instances only", async () => {
    const tenant = `events-${uniq()}`;
    const token = await customerToken(tenant);
    const client = sdk(token);
    await client.connections.create({
      integrationKey: "sandbox-crm",
      credentials: { apiKey: "sandbox-crm-key" },
    } as never);
    const inst = await client
      .connection("sandbox-crm")
      .flow("notify-on-won-deal")
      .get({ autoCreate: true } as never);
    const won = await api(token, "POST", "/app-events/deal-updated", {
      dealId: "d1",
      title: "Big",
      stage: "won",
      amount: 10,
    });
    expect(won.status).toBe(202);
    expect((won.body.runs as unknown[]).length).toBe(1);
    await client.flowInstance(inst.id).disable();
    const none = await api(token, "POST", "/app-events/deal-updated", { dealId: "d2", stage: "won" });
    expect((none.body.runs as unknown[]).length).toBe(0);
  });
});
