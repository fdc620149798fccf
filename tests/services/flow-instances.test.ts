import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenant, makeTenantWithInstance } from "@/tests/helpers";
import { restoreFlowInstance } from "@/lib/services/flow-instances/restore-flow-instance";
import { createFlowInstance } from "@/lib/services/flow-instances/create-flow-instance";
import type { Db } from "@/lib/db/client";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { resetFlowInstance } from "@/lib/services/flow-instances/reset-flow-instance";
import { setupFlowInstance } from "@/lib/services/flow-instances/setup-flow-instance";
import { updateFlowInstanceToLatest } from "@/lib/services/flow-instances/update-flow-instance-to-latest";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { listFlowInstances } from "@/lib/services/flow-instances/list-flow-instances";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { createFlow } from "@/lib/services/flows/create-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import type { FlowNodes } from "@/lib/core/flow";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { saveNodeConfig } from "@/lib/services/flow-instances/save-node-config";
import { saveCustomerConfiguration } from "@/lib/services/flow-instances/save-customer-configuration";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes: FlowNodes = {
  trigger: {
    type: "api-trigger",
    config: {
      inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
    },
    links: [{ key: "a" }],
  },
  a: {
    type: "transform-data",
    config: { output: { email: { $var: "$.input.trigger.email" } } },
    links: [{ key: "b" }],
  },
  b: { type: "transform-data", config: { output: { copy: { $var: "$.input.a.email" } } } },
};

const setup = (opts: { parametersSchema?: Record<string, unknown> } = {}) =>
  makeTenantWithInstance(db, nodes, opts);

describe("flow instance semantics", () => {
  it("get without autoCreate is 404; autoCreate is idempotent", async () => {
    const t = await makeTenant(db, nodes);
    const sel = { flowKey: t.flow.key, connectionId: t.connection.id, instanceKey: "k" };
    await expect(getFlowInstance({ ctx: t.ctx, input: { selector: sel } })).rejects.toMatchObject({
      status: 404,
    });
    const all = await Promise.all(
      Array.from({ length: 10 }, () =>
        getFlowInstance({ ctx: t.ctx, input: { selector: sel, autoCreate: true } }),
      ),
    );
    expect(new Set(all.map((i) => i.id)).size).toBe(1);
  });

  it("computes input/output schemas on setup and marks a $var to a missing field as SETUP_FAILED", async () => {
    const { ctx, inst } = await setup();
    expect(inst.nodes.b.inputSchema).toMatchObject({
      properties: { trigger: {}, a: { properties: { email: { type: "string" } } } },
    });
    expect(inst.nodes.b.outputSchema).toMatchObject({ properties: { copy: { type: "string" } } });
    const broken = await updateFlowInstance({
      ctx,
      input: { id: inst.id, body: { nodes: { b: { config: { output: { $var: "$.input.a.nope" } } } } } },
    });
    expect(broken.state).toBe("SETUP_FAILED");
    expect(broken.nodes.b.state).toBe("SETUP_FAILED");
    expect(JSON.stringify(broken.nodes.b.errors)).toContain("nope");
    expect((await setupFlowInstance({ ctx, input: { id: inst.id } })).state).toBe("SETUP_FAILED");
  });

  it("customizing a node marks it and the instance; a partial reset restores just that node", async () => {
    const { ctx, inst } = await setup();
    const c = await updateFlowInstance({
      ctx,
      input: {
        id: inst.id,
        body: {
          name: "Mine",
          nodes: { a: { config: { output: { x: 1 } } }, b: { config: { output: { y: 2 } } } },
        },
      },
    });
    expect(c.isCustomized).toBe(true);
    expect(c.customized).toEqual({ name: true, nodes: true });
    expect([c.nodes.a.isCustomized, c.nodes.b.isCustomized, c.nodes.trigger.isCustomized]).toEqual([
      true,
      true,
      false,
    ]);
    const r = await resetFlowInstance({ ctx, input: { id: inst.id, options: { nodes: { a: true } } } });
    expect(r.nodes.a.isCustomized).toBe(false);
    expect(r.nodes.b.isCustomized).toBe(true);
    expect(r.name).toBe("Mine");
    const full = await resetFlowInstance({ ctx, input: { id: inst.id } });
    expect(full.isCustomized).toBe(false);
    expect(full.name).toBe("Flow");
    expect(full.id).toBe(inst.id);
  });

  it("concurrent PATCHes and actions all build on each other: no update is lost", async () => {
    const { ctx, inst } = await setup();
    for (let round = 0; round < 3; round++) {
      const before = (await getFlowInstance({ ctx, input: { selector: { id: inst.id } } })).revision;
      await Promise.all([
        updateFlowInstance({
          ctx,
          input: { id: inst.id, body: { nodes: { a: { config: { output: { x: round } } } } } },
        }),
        setupFlowInstance({ ctx, input: { id: inst.id } }),
        updateFlowInstance({
          ctx,
          input: { id: inst.id, body: { nodes: { b: { config: { output: { y: round } } } } } },
        }),
        setupFlowInstance({ ctx, input: { id: inst.id } }),
        updateFlowInstance({ ctx, input: { id: inst.id, body: { name: `Mine ${round}` } } }),
        updateFlowInstance({ ctx, input: { id: inst.id, body: { enabled: round % 2 === 0 } } }),
      ]);
      const after = await getFlowInstance({ ctx, input: { selector: { id: inst.id } } });
      expect(after.nodes.a.config).toEqual({ output: { x: round } });
      expect(after.nodes.b.config).toEqual({ output: { y: round } });
      expect([after.name, after.enabled]).toEqual([`Mine ${round}`, round % 2 === 0]);
      expect(after.revision).toBe(before + 6);
    }
  });

  it("update-to-latest-flow takes new revisions of un-customized nodes and keeps customized ones", async () => {
    const { ctx, inst, flow } = await setup();
    await updateFlowInstance({
      ctx,
      input: { id: inst.id, body: { nodes: { b: { config: { output: { mine: true } } } } } },
    });
    await patchFlow({
      ctx,
      input: {
        selector: flow.id,
        body: {
          nodes: {
            ...nodes,
            a: { ...nodes.a, config: { output: { v2: true } } },
            c: { type: "transform-data", config: { output: 1 } },
          },
        },
      },
    });
    expect((await getFlowInstance({ ctx, input: { selector: { id: inst.id } } })).outdated).toBe(true);
    const u = await updateFlowInstanceToLatest({ ctx, input: { id: inst.id } });
    expect(u.outdated).toBe(false);
    expect(u.nodes.a.config).toEqual({ output: { v2: true } });
    expect(u.nodes.b.config).toEqual({ output: { mine: true } });
    expect(u.nodes.c).toBeDefined();
  });

  it("validates parameters and run input against their schemas with the field named", async () => {
    const { ctx, inst } = await setup({
      parametersSchema: { type: "object", properties: { limit: { type: "integer", maximum: 10 } } },
    });
    await expect(
      updateFlowInstance({ ctx, input: { id: inst.id, body: { parameters: { limit: 50 } } } }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("parameters.limit"),
    });
    await expect(createFlowRun({ ctx, input: { flowInstanceId: inst.id, input: {} } })).rejects.toMatchObject(
      {
        status: 400,
        message: expect.stringContaining("input.email"),
      },
    );
  });

  it("rejects graphs with unknown node types, links to missing nodes and cycles", async () => {
    const t = await makeTenant(db, nodes);
    const bad = (n: FlowNodes) =>
      createFlow({
        ctx: t.ctx,
        input: { key: `bad-${Math.random()}`.replace(".", ""), name: "x", nodes: n },
      });
    await expect(bad({ a: { type: "no-such-node" } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("unknown node type"),
    });
    await expect(bad({ a: { type: "filter", links: [{ key: "ghost" }] } })).rejects.toMatchObject({
      message: expect.stringContaining("missing node"),
    });
    await expect(
      bad({ a: { type: "filter", links: [{ key: "b" }] }, b: { type: "filter", links: [{ key: "a" }] } }),
    ).rejects.toMatchObject({ message: expect.stringContaining("cycle") });
  });

  it("archived instances are hidden from lists, cannot run, and can be restored; customers see just their own", async () => {
    const { ctx, customerCtx, inst } = await setup();
    await archiveFlowInstance({ ctx, input: { id: inst.id } });
    const q = listFlowInstancesQuery.parse({ flowId: inst.flowId });
    expect((await listFlowInstances({ ctx, input: q })).items).toHaveLength(0);
    expect((await listFlowInstances({ ctx, input: { ...q, includeArchived: true } })).items).toHaveLength(1);
    await expect(
      createFlowRun({ ctx, input: { flowInstanceId: inst.id, input: { email: "x" } } }),
    ).rejects.toMatchObject({ status: 400 });
    await archiveFlowInstance({ ctx, input: { id: inst.id, restore: true } });
    expect((await listFlowInstances({ ctx: customerCtx, input: q })).items).toHaveLength(1);
    const other = await makeTenant(db, nodes);
    expect((await listFlowInstances({ ctx: other.customerCtx, input: q })).items).toHaveLength(0);
    await expect(
      getFlowInstance({ ctx: other.customerCtx, input: { selector: { id: inst.id } } }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("form saves (console node panel, embed configuration)", () => {
  it("saveNodeConfig customizes the node and sets it up; a formula to a missing field fails setup", async () => {
    const t = await makeTenantWithInstance(db, { ...nodes, b: { ...nodes.b, userConfig: true } });
    const inst = t.inst;
    const ok = await saveNodeConfig({
      ctx: t.customerCtx,
      input: { id: inst.id, nodeKey: "b", config: { output: { x: { $var: "$.input.a.email" } } } },
    });
    expect(ok).toEqual({ state: "READY", errors: [], isCustomized: true });
    const bad = await saveNodeConfig({
      ctx: t.customerCtx,
      input: { id: inst.id, nodeKey: "b", config: { output: { x: { $var: "$.input.a.nope" } } } },
    });
    expect(bad.state).toBe("SETUP_FAILED");
    expect(bad.errors[0].message).toContain("a › nope is not in the input");
    // Each save is one audit event (one transaction).
    const events = await listAuditEvents({
      ctx: t.ctx,
      input: listAuditEventsQuery.parse({ targetId: inst.id, limit: "100" }),
    });
    expect(events.items.filter((e) => e.action !== "create").map((e) => e.action)).toEqual([
      "patch",
      "patch",
    ]);
    await expect(
      saveNodeConfig({ ctx: t.customerCtx, input: { id: inst.id, nodeKey: "b", config: [1] } }),
    ).rejects.toThrow("config must be an object");
  });

  it("saveCustomerConfiguration changes just the nodes the flow lets customers configure, all or nothing", async () => {
    const t = await makeTenant(db, { ...nodes, b: { ...nodes.b, userConfig: true } });
    const inst = await getFlowInstance({
      ctx: t.customerCtx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    const refused = saveCustomerConfiguration({
      ctx: t.customerCtx,
      input: { id: inst.id, configuration: { enabled: false, nodes: { a: { output: {} } } } },
    });
    await expect(refused).rejects.toThrow('Node "a" cannot be configured here');
    const unchanged = await getFlowInstance({ ctx: t.customerCtx, input: { selector: { id: inst.id } } });
    expect(unchanged.enabled).toBe(true);

    const saved = await saveCustomerConfiguration({
      ctx: t.customerCtx,
      input: { id: inst.id, configuration: { enabled: false, nodes: { b: { output: { y: 1 } } } } },
    });
    expect(saved).toEqual({ enabled: false, state: "READY", nodeErrors: { b: [] } });
    const after = await getFlowInstance({ ctx: t.customerCtx, input: { selector: { id: inst.id } } });
    expect(after.nodes.b.config).toEqual({ output: { y: 1 } });
    expect(after.nodes.b.isCustomized).toBe(true);
  });
});

describe("customer edits through PATCH/PUT", () => {
  const userConfigured = { ...nodes, b: { ...nodes.b, userConfig: true } };
  const patch = (
    ctx: Parameters<typeof updateFlowInstance>[0]["ctx"],
    id: string,
    body: object,
    replace = false,
  ) => updateFlowInstance({ ctx, input: { id, body, replace } });

  it("a customer may change the config of userConfig nodes and nothing else; admins keep full control", async () => {
    const t = await makeTenantWithInstance(db, userConfigured);
    const id = t.inst.id;
    const c = t.customerCtx;
    const http = { type: "custom-http-request", config: { url: "http://169.254.169.254/" } };
    const denied = async (body: object, message: string, replace = false) => {
      const err = await patch(c, id, body, replace).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 403, key: "access_denied" });
      expect((err as Error).message).toContain(message);
    };
    await denied({ nodes: { b: { links: [{ key: "x" }] }, x: http } }, "nodes.x: customers cannot add nodes");
    await denied(
      { nodes: { b: { type: "custom-http-request" } } },
      "nodes.b: customers cannot change a node's type",
    );
    await denied({ nodes: { a: { type: "custom-http-request", config: http.config } } }, "nodes.a:");
    await denied({ nodes: { b: null } }, "nodes.b: customers cannot remove nodes");
    await denied(
      { nodes: { a: { config: { output: {} } } } },
      "nodes.a: customers cannot configure this node",
    );
    await denied({ nodes: { b: { links: [{ key: "a" }] } } }, "nodes.b: customers cannot change");
    await denied({ nodes: { a: { userConfig: true, config: { output: {} } } } }, "nodes.a:");
    await denied(
      { nodes: { trigger: t.inst.nodes.trigger, a: t.inst.nodes.a } },
      "nodes.b: customers cannot remove",
      true,
    );

    const unchanged = await getFlowInstance({ ctx: c, input: { selector: { id } } });
    expect(Object.keys(unchanged.nodes).sort()).toEqual(["a", "b", "trigger"]);
    expect(unchanged.nodes.a.type).toBe("transform-data");

    // Allowed: the customer-configurable node's config, and a PUT of the same nodes with just that config changed.
    const ok = await patch(c, id, { nodes: { b: { config: { output: { y: 1 } } } } });
    expect(ok.nodes.b.config).toEqual({ output: { y: 1 } });
    const same = await patch(
      c,
      id,
      { nodes: { ...ok.nodes, b: { ...ok.nodes.b, config: { output: { y: 2 } } } } },
      true,
    );
    expect(same.nodes.b.config).toEqual({ output: { y: 2 } });

    const admin = await patch(t.ctx, id, {
      nodes: { b: { links: [{ key: "x" }] }, x: { type: "transform-data" } },
    });
    expect(Object.keys(admin.nodes).sort()).toEqual(["a", "b", "trigger", "x"]);
  });
});

describe("archived instances (selectors name the live one)", () => {
  const selOf = (t: Awaited<ReturnType<typeof makeTenant>>) => ({
    flowKey: t.flow.key,
    connectionId: t.connection.id,
  });

  it("archive → selector 404 → autoCreate makes a new one → lists → restore conflicts, then restores", async () => {
    const t = await makeTenant(db, nodes);
    const sel = selOf(t);
    const first = await getFlowInstance({ ctx: t.ctx, input: { selector: sel, autoCreate: true } });
    await archiveFlowInstance({ ctx: t.customerCtx, input: { id: first.id } });

    await expect(getFlowInstance({ ctx: t.ctx, input: { selector: sel } })).rejects.toMatchObject({
      status: 404,
    });
    // By id the archived instance is still readable, with archivedAt; writes to it are refused.
    const byId = await getFlowInstance({ ctx: t.customerCtx, input: { selector: { id: first.id } } });
    expect(byId.archivedAt).toBeInstanceOf(Date);
    for (const write of [
      () => updateFlowInstance({ ctx: t.ctx, input: { id: first.id, body: { name: "x" } } }),
      () => setupFlowInstance({ ctx: t.ctx, input: { id: first.id } }),
      () => resetFlowInstance({ ctx: t.ctx, input: { id: first.id } }),
      () => updateFlowInstanceToLatest({ ctx: t.ctx, input: { id: first.id } }),
    ])
      await expect(write()).rejects.toMatchObject({
        status: 409,
        message: expect.stringContaining("archived"),
      });
    await expect(
      createFlowRun({ ctx: t.ctx, input: { flowInstanceId: first.id, input: { email: "a@b.c" } } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("archived") });

    const second = await getFlowInstance({ ctx: t.customerCtx, input: { selector: sel, autoCreate: true } });
    expect(second.id).not.toBe(first.id);
    expect(second.archivedAt).toBeUndefined();

    const list = (raw: Record<string, string>) =>
      listFlowInstances({
        ctx: t.customerCtx,
        input: listFlowInstancesQuery.parse({ connectionId: t.connection.id, ...raw }),
      }).then((p) => p.items.map((i) => i.id).sort());
    expect(await list({})).toEqual([second.id]);
    expect(await list({ includeArchived: "true" })).toEqual([first.id, second.id].sort());

    await expect(
      archiveFlowInstance({ ctx: t.customerCtx, input: { id: first.id, restore: true } }),
    ).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(second.id),
      data: { flowInstanceId: second.id },
    });
    await expect(restoreFlowInstance({ ctx: t.customerCtx, input: { selector: sel } })).rejects.toMatchObject(
      { status: 409, data: { flowInstanceId: second.id } },
    );

    await archiveFlowInstance({ ctx: t.customerCtx, input: { id: second.id } });
    const restored = await archiveFlowInstance({
      ctx: t.customerCtx,
      input: { id: first.id, restore: true },
    });
    expect(restored.id).toBe(first.id);
    expect(restored.archivedAt).toBeUndefined();
    expect((await getFlowInstance({ ctx: t.ctx, input: { selector: sel } })).id).toBe(first.id);
    // By selector, restore brings back the most recently archived one… which is now taken by `first`.
    await expect(restoreFlowInstance({ ctx: t.ctx, input: { selector: sel } })).rejects.toMatchObject({
      status: 409,
      data: { flowInstanceId: first.id },
    });
  });

  it("20 concurrent autoCreates right after an archive make exactly one new instance", async () => {
    const t = await makeTenant(db, nodes);
    const sel = { ...selOf(t), instanceKey: "race" };
    const old = await getFlowInstance({ ctx: t.ctx, input: { selector: sel, autoCreate: true } });
    await archiveFlowInstance({ ctx: t.ctx, input: { id: old.id } });
    const all = await Promise.all(
      Array.from({ length: 20 }, () =>
        getFlowInstance({ ctx: t.customerCtx, input: { selector: sel, autoCreate: true } }),
      ),
    );
    const ids = new Set(all.map((i) => i.id));
    expect(ids.size).toBe(1);
    expect(ids.has(old.id)).toBe(false);
    const live = await listFlowInstances({
      ctx: t.ctx,
      input: listFlowInstancesQuery.parse({ connectionId: t.connection.id, instanceKey: "race" }),
    });
    expect(live.items.map((i) => i.id)).toEqual([...ids]);
  });

  it("PATCH archivedAt archives, archivedAt null restores; customized flags and create's nodes/userId are kept", async () => {
    const t = await makeTenant(db, nodes);
    const created = await createFlowInstance({
      ctx: t.ctx,
      input: {
        flowKey: t.flow.key,
        integrationKey: t.integration.key,
        userId: t.customer.internalId,
        nodes: { b: { config: { output: { copy: "fixed" } } } },
        customized: { name: true },
      },
    });
    expect(created.connectionId).toBe(t.connection.id);
    expect(created.nodes.b.config).toEqual({ output: { copy: "fixed" } });
    expect(created.nodes.b.isCustomized).toBe(true);
    expect(created.customized).toEqual({ name: true, nodes: true });

    const archived = await updateFlowInstance({
      ctx: t.ctx,
      input: { id: created.id, body: { archivedAt: "2026-01-01T00:00:00.000Z" } },
    });
    expect(archived.archivedAt?.toISOString()).toBe("2026-01-01T00:00:00.000Z");
    const back = await updateFlowInstance({
      ctx: t.ctx,
      input: { id: created.id, body: { archivedAt: null, customized: { name: false } } },
    });
    expect(back.archivedAt).toBeUndefined();
    expect(back.customized).toEqual({ name: false, nodes: true });
  });

  it("selectors: an admin names a customer's connection with userId; connectionKey and parentKey are refused", async () => {
    const t = await makeTenant(db, nodes);
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: {
        selector: { flowKey: t.flow.key, integrationKey: t.integration.key, userId: t.customer.id },
        autoCreate: true,
      },
    });
    expect(inst.connectionId).toBe(t.connection.id);
    const other = await makeTenant(db, nodes);
    await expect(
      getFlowInstance({
        ctx: other.customerCtx,
        input: {
          selector: { flowKey: t.flow.key, integrationKey: t.integration.key, userId: t.customer.id },
        },
      }),
    ).rejects.toMatchObject({ status: 404 });
    for (const [field, selector] of [
      ["connectionKey", { flowKey: t.flow.key, connectionKey: "main" }],
      ["parentKey", { flowKey: t.flow.key, connectionId: t.connection.id, parentKey: "p" }],
    ] as const)
      await expect(getFlowInstance({ ctx: t.ctx, input: { selector } })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining(field),
      });
  });

  it("autoUpdate brings an outdated instance to the flow's latest revision", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    await patchFlow({ ctx: t.ctx, input: { selector: t.flow.id, body: { name: "Flow v2" } } });
    const sel = { flowId: t.flow.id, connectionId: t.connection.id };
    expect((await getFlowInstance({ ctx: t.ctx, input: { selector: sel } })).outdated).toBe(true);
    const updated = await getFlowInstance({ ctx: t.ctx, input: { selector: { ...sel, autoUpdate: true } } });
    expect(updated).toMatchObject({ id: t.inst.id, outdated: false, name: "Flow v2" });
  });
});

describe("node userConfig (the SDK's value) and customerConfigurable (customers may configure)", () => {
  it("stores the SDK's userConfig as given, reads the old boolean as customerConfigurable", async () => {
    const sdkValue = { fields: ["email"], hint: "pick one" };
    const t = await makeTenantWithInstance(db, {
      ...nodes,
      a: { ...nodes.a, userConfig: sdkValue },
      b: { ...nodes.b, userConfig: true },
    });
    expect(t.inst.nodes.a.userConfig).toEqual(sdkValue);
    expect(t.inst.nodes.a.customerConfigurable).toBeUndefined();
    expect(t.inst.nodes.b).not.toHaveProperty("userConfig");
    expect(t.inst.nodes.b.customerConfigurable).toBe(true);
    // The SDK's value grants customers nothing; the boolean does.
    await expect(
      updateFlowInstance({
        ctx: t.customerCtx,
        input: { id: t.inst.id, body: { nodes: { a: { config: { output: { z: 1 } } } } } },
      }),
    ).rejects.toMatchObject({ status: 403 });
    const ok = await updateFlowInstance({
      ctx: t.customerCtx,
      input: { id: t.inst.id, body: { nodes: { b: { config: { output: { z: 2 } } } } } },
    });
    expect(ok.nodes.b.config).toEqual({ output: { z: 2 } });
    // A flow PATCH with the old boolean stores the new name too.
    const patched = await patchFlow({
      ctx: t.ctx,
      input: { selector: t.flow.id, body: { nodes: { ...nodes, a: { ...nodes.a, userConfig: false } } } },
    });
    expect(patched.nodes.a).toMatchObject({ customerConfigurable: false });
    expect(patched.nodes.a).not.toHaveProperty("userConfig");
  });
});
