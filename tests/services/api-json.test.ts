import { beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { testDb, makeTenant } from "@/tests/helpers";
import { rows, type Db } from "@/lib/db/client";
import { connections, customers, flowInstances, flowRuns, integrations } from "@/lib/db/schema";
import { jsonCacheSize } from "@/lib/db/json-cache";
import { sqlLiteral } from "@/lib/db/array-rows";
import type { Ctx } from "@/lib/services/context";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { getFlowInstanceJson } from "@/lib/services/flow-instances/get-flow-instance-json";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { listFlowInstances } from "@/lib/services/flow-instances/list-flow-instances";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { listFlowRuns } from "@/lib/services/flow-runs/list-flow-runs";
import { listFlowRunsJson } from "@/lib/services/flow-runs/list-flow-runs-json";
import { listFlowRunsQuery } from "@/lib/services/flow-runs/schemas";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";
import { getFlowRunJson } from "@/lib/services/flow-runs/get-flow-run-json";
import { repeatFlowRun } from "@/lib/services/flow-runs/repeat-flow-run";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import type { InstanceSelector } from "@/lib/services/flow-instances/shared";
import type { FlowNodes } from "@/lib/core/flow";

// The API's hot reads have the database write the JSON (lib/db/api-json.ts), and other reads build objects
// (`instanceToApi`, `runToApi`, the detail mappers): both are derived from one field table per shape
// (lib/core/api-tables.ts), the SQL by `jsonProjection` and the objects by `toApi`. These tests hold the two
// derivations to the same output for every kind of row a client can meet: the text must be the objects'
// JSON, byte for byte once re-serialised (same keys, same order, same absent keys, same timestamps).

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes: FlowNodes = {
  trigger: { type: "api-trigger", links: [{ key: "a" }] },
  a: { type: "transform-data", config: { output: { x: { $var: "$.input.trigger.x" } } } },
};

const canonical = (value: unknown) => JSON.stringify(value);
const reparsed = (text: string) => JSON.stringify(JSON.parse(text));

async function outcome<T>(p: Promise<T>): Promise<{ ok: T } | { error?: number; message: string }> {
  try {
    return { ok: await p };
  } catch (err) {
    return { error: (err as { status?: number; message?: string }).status, message: (err as Error).message };
  }
}

async function expectSameGet(ctx: Ctx, selector: InstanceSelector, autoCreate?: boolean) {
  const fast = await outcome(getFlowInstanceJson({ ctx, input: { selector, autoCreate } }));
  const slow = await outcome(getFlowInstance({ ctx, input: { selector, autoCreate: false } }));
  if ("ok" in fast && "ok" in slow) expect(reparsed(fast.ok.text)).toBe(canonical(slow.ok));
  else expect(fast).toEqual(slow);
  return fast;
}

describe("API JSON written by the database", () => {
  it("instance lists and gets: the SQL and the mapper of instanceTable agree on every kind of row", async () => {
    const t = await makeTenant(db, nodes);
    const sel = (instanceKey?: string) => ({ flowId: t.flow.id, connectionId: t.connection.id, instanceKey });
    const get = (instanceKey?: string) =>
      getFlowInstance({ ctx: t.ctx, input: { selector: sel(instanceKey), autoCreate: true } });
    const plain = await get();
    const keyed = await get('key with "quotes" and ünïcode \\ / \n');
    const broken = await get("broken");
    await updateFlowInstance({
      ctx: t.ctx,
      input: {
        id: broken.id,
        body: { name: "Renamed ✓", nodes: { a: { config: { output: { $var: "$.input.nope" } } } } },
      },
    });
    const ran = await get("ran");
    await db
      .update(flowInstances)
      .set({ lastRunId: "6b00000000000000000000aa", lastRunState: "failed", lastRunAt: new Date(0) })
      .where(eq(flowInstances.id, ran.id));
    const ranNoTime = await get("ran-no-time");
    await db
      .update(flowInstances)
      .set({ lastRunId: "6b00000000000000000000ab", lastRunState: null, lastRunAt: null })
      .where(eq(flowInstances.id, ranNoTime.id));
    // Microseconds are cut to milliseconds as Date does.
    await db.execute(
      sql`UPDATE flow_instances SET created_at = '2026-01-02 03:04:05.678999+00', parameters = '{"n": 1.50, "s": "123"}' WHERE id = ${keyed.id}`,
    );
    const archived = await get("archived");
    await archiveFlowInstance({ ctx: t.ctx, input: { id: archived.id } });
    const before = await getFlowInstance({ ctx: t.ctx, input: { selector: sel(), autoCreate: false } });
    expect(before.parametersSchema).toBeUndefined();
    const parametersSchema = { type: "object", properties: { tag: { type: "string", title: "Tag ✓" } } };
    await patchFlow({
      ctx: t.ctx,
      input: { selector: t.flow.id, body: { name: "Flow v2", parametersSchema } },
    });
    // The flow's schema is embedded in its instances, and a changed flow row changes the cached JSON.
    expect((await expectSameGet(t.ctx, sel())) as { ok: { text: string } }).toMatchObject({
      ok: { text: expect.stringContaining('"Tag ✓"') },
    });

    // A single read embeds the SDK's user, connection (no credentials), integration and the fuller flow.
    const one = await getFlowInstance({ ctx: t.customerCtx, input: { selector: { id: plain.id } } });
    expect(JSON.parse(JSON.stringify(one))).toMatchObject({
      flow: { id: t.flow.id, key: t.flow.key, name: "Flow v2", integrationId: t.integration.id },
      user: { id: t.customer.id, internalId: t.customer.internalId, name: t.customer.name },
      connection: { id: t.connection.id, userId: t.customer.id, integrationId: t.integration.id },
      integration: { id: t.integration.id, key: t.integration.key, name: t.integration.name },
    });
    expect(one.connection).not.toHaveProperty("credentials");
    expect(one.flow.revision).toBeTruthy();

    for (const raw of [
      { connectionId: t.connection.id },
      { connectionId: t.connection.id, includeArchived: "true" },
      { connectionId: t.connection.id, archived: "true" },
      { connectionId: t.connection.id, limit: "2" },
      { connectionId: t.connection.id, search: "Renamed" },
      { customerId: t.customer.id, outdated: "false" },
      { customerId: t.customer.id, lastRunState: "none" },
    ]) {
      const input = listFlowInstancesQuery.parse(raw);
      for (const ctx of [t.ctx, t.customerCtx]) {
        const text = (await listFlowInstancesJson({ ctx, input })).text;
        expect(reparsed(text)).toBe(canonical(await listFlowInstances({ ctx, input })));
      }
    }
    // Paging through with cursors gives the same pages.
    let cursor: string | undefined;
    let pages = 0;
    do {
      const input = listFlowInstancesQuery.parse({ connectionId: t.connection.id, limit: "2", cursor });
      const fast = JSON.parse((await listFlowInstancesJson({ ctx: t.ctx, input })).text);
      expect(canonical(fast)).toBe(canonical(await listFlowInstances({ ctx: t.ctx, input })));
      cursor = fast.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);

    for (const i of [plain, keyed, broken, ran, ranNoTime, archived]) {
      await expectSameGet(t.ctx, { id: i.id });
      await expectSameGet(t.customerCtx, { id: i.id });
    }
    const page = JSON.parse(
      (
        await listFlowInstancesJson({
          ctx: t.ctx,
          input: listFlowInstancesQuery.parse({ connectionId: t.connection.id, includeArchived: "true" }),
        })
      ).text,
    );
    const byKey = Object.fromEntries(
      page.items.map((i: { instanceKey?: string }) => [i.instanceKey ?? "", i]),
    );
    expect(byKey[""]).not.toHaveProperty("instanceKey");
    expect(byKey["broken"].errors.length).toBeGreaterThan(0);
    expect(byKey["ran"].lastRun).toEqual({
      id: "6b00000000000000000000aa",
      state: "failed",
      at: "1970-01-01T00:00:00.000Z",
    });
    expect(byKey["ran-no-time"].lastRun).toEqual({ id: "6b00000000000000000000ab", state: null, at: null });
    expect(byKey["archived"].archivedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(byKey[keyed.instanceKey!].createdAt).toBe("2026-01-02T03:04:05.678Z");
  });

  it("get by selector: one read when the instance exists, the same errors (or a create) otherwise", async () => {
    const t = await makeTenant(db, nodes);
    const other = await makeTenant(db, nodes);
    const bySel = { flowKey: t.flow.key, integrationKey: t.integration.key };
    // Missing: 404 without autoCreate; created (then found by the one-read path) with it.
    await expectSameGet(t.customerCtx, bySel);
    const created = await getFlowInstanceJson({
      ctx: t.customerCtx,
      input: { selector: bySel, autoCreate: true },
    });
    const again = await getFlowInstanceJson({
      ctx: t.customerCtx,
      input: { selector: bySel, autoCreate: true },
    });
    expect(reparsed(again.text)).toBe(reparsed(created.text));
    for (const [ctx, selector] of [
      [t.customerCtx, bySel],
      [t.customerCtx, { flowId: t.flow.id, integrationId: t.integration.id }],
      [t.customerCtx, { flowKey: t.flow.key, connectionId: t.connection.id }],
      [t.ctx, { flowId: t.flow.id, connectionId: t.connection.id }],
      // An admin must name the connection; another customer sees nothing; unknown flow / connection.
      [t.ctx, bySel],
      [other.customerCtx, bySel],
      [other.customerCtx, { flowId: t.flow.id, connectionId: t.connection.id }],
      [t.customerCtx, { flowKey: "no-such-flow", integrationKey: t.integration.key }],
      [t.customerCtx, { flowKey: t.flow.key, integrationKey: "no-such-app" }],
      [t.customerCtx, { flowKey: t.flow.key }],
      [t.customerCtx, { integrationKey: t.integration.key }],
      // The flow belongs to another integration.
      [t.customerCtx, { flowKey: other.flow.key, integrationKey: t.integration.key }],
    ] as [Ctx, InstanceSelector][])
      await expectSameGet(ctx, selector);
    const ok = await expectSameGet(t.customerCtx, bySel);
    expect(ok).toHaveProperty("ok");
    // An archived connection: the instance is no longer reachable through it.
    await db.update(connections).set({ archivedAt: new Date() }).where(eq(connections.id, t.connection.id));
    const gone = await expectSameGet(t.ctx, { flowId: t.flow.id, connectionId: t.connection.id });
    expect(gone).toMatchObject({ error: 400 });
  });

  it("run lists: the SQL and the mapper of runTable agree", async () => {
    const t = await makeTenant(db, nodes);
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    // Strings that look like JSON stay strings on both paths (drizzle's jsonb used to parse them again).
    const inputs: unknown[] = [{ x: 1 }, null, "text", 42, [1, { a: "b" }], undefined, "123", '{"a":1}'];
    const runs: { id: string }[] = [];
    for (const input of inputs)
      runs.push((await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: inst.id, input } }))!);
    // The SDK's run meta, stored and returned as given (and copied by a repeat).
    const withMeta = (await createFlowRun({
      ctx: t.ctx,
      input: { flowInstanceId: inst.id, meta: { source: "crm", n: 1 } },
    }))!;
    expect(withMeta.meta).toEqual({ source: "crm", n: 1 });
    const repeated = await repeatFlowRun({ ctx: t.ctx, input: { id: withMeta.id } });
    expect(repeated.meta).toEqual({ source: "crm", n: 1 });
    await db
      .update(flowRuns)
      .set({
        state: "completed",
        startTime: new Date(1000),
        endTime: new Date(2000),
        errors: [{ message: "e" }],
      })
      .where(eq(flowRuns.id, runs[0].id));
    for (const raw of [
      { flowInstanceId: inst.id },
      { flowInstanceId: inst.id, limit: "4" },
      { customerId: t.customer.id, state: "completed" },
      { connectionFlowId: inst.id, from: "2000-01-01T00:00:00Z" },
    ]) {
      const input = listFlowRunsQuery.parse(raw);
      for (const ctx of [t.ctx, t.customerCtx]) {
        const text = (await listFlowRunsJson({ ctx, input })).text;
        expect(reparsed(text)).toBe(canonical(await listFlowRuns({ ctx, input })));
      }
    }
    const page = JSON.parse(
      (await listFlowRunsJson({ ctx: t.ctx, input: listFlowRunsQuery.parse({ flowInstanceId: inst.id }) }))
        .text,
    );
    expect(page.items).toHaveLength(inputs.length + 2);
    expect(page.items.find((r: { id: string }) => r.id === withMeta.id).meta).toEqual({
      source: "crm",
      n: 1,
    });
    // A single run read embeds its flowInstance, user, connection and integration; lists leave them out.
    const one = await getFlowRun({ ctx: t.customerCtx, input: { id: runs[0].id } });
    expect(one).toMatchObject({
      flowInstance: { id: inst.id, flowId: t.flow.id, connectionId: t.connection.id },
      user: { id: t.customer.id, internalId: t.customer.internalId },
      connection: { id: t.connection.id, name: t.connection.name },
      integration: { id: t.integration.id, key: t.integration.key },
    });
    expect(one.connection).not.toHaveProperty("credentials");
    expect(page.items[0]).not.toHaveProperty("flowInstance");
    const byId = (id: string) => page.items.find((r: { id: string }) => r.id === id);
    expect(byId(runs[6].id).input).toBe("123");
    expect(byId(runs[7].id).input).toBe('{"a":1}');
    expect(page.items.find((r: { id: string }) => r.id === runs[0].id)).toMatchObject({
      startTime: "1970-01-01T00:00:01.000Z",
      endTime: "1970-01-01T00:00:02.000Z",
    });
  });

  it("run gets: one query writes getFlowRun's JSON in every run state, for the run's customer only", async () => {
    const t = await makeTenant(db, nodes);
    const other = await makeTenant(db, nodes);
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    const run = async (set: Partial<typeof flowRuns.$inferInsert>, input: unknown = { x: 1 }) => {
      const r = (await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: inst.id, input } }))!;
      if (Object.keys(set).length) await db.update(flowRuns).set(set).where(eq(flowRuns.id, r.id));
      return r.id;
    };
    const started = { startTime: new Date(1000), attempts: 1 };
    const ids = {
      queued: await run({}),
      queuedNoInput: await run({}, undefined),
      running: await run({
        ...started,
        state: "running",
        workerId: "w1",
        heartbeatAt: new Date(),
        nodes: { trigger: { state: "completed", runs: 1, outputs: 1 } },
      }),
      completed: await run({
        ...started,
        state: "completed",
        endTime: new Date(2500),
        startNodeKey: "trigger",
        nodes: { trigger: { state: "completed", runs: 1 }, a: { state: "completed", runs: 1 } },
        output: { x: 1 },
        meta: { source: "crm", n: 1 },
      }),
      failed: await run({
        ...started,
        state: "failed",
        endTime: new Date(3000),
        errors: [{ type: "internal", message: 'boom "quoted" ✓' }],
      }),
      stopped: await run({ ...started, state: "stopped", endTime: new Date(4000), stopRequested: true }),
      // flow_runs has no foreign key to these rows: one that is gone is left out on both paths.
      orphan: await run({
        connectionId: "6b00000000000000000000fe",
        integrationId: "6b00000000000000000000ff",
      }),
    };
    const expectSameRun = async (ctx: Ctx, id: string) => {
      const fast = await outcome(getFlowRunJson({ ctx, input: { id } }));
      const slow = await outcome(getFlowRun({ ctx, input: { id } }));
      if ("ok" in fast && "ok" in slow) expect(reparsed(fast.ok.text)).toBe(canonical(slow.ok));
      else expect(fast).toEqual(slow);
      return fast;
    };
    for (const id of Object.values(ids))
      for (const ctx of [t.ctx, t.customerCtx]) {
        expect(await expectSameRun(ctx, id)).toHaveProperty("ok");
        // Inside a transaction the JSON is built without the cache.
        await db.transaction(async (tx) => void (await expectSameRun({ ...ctx, db: tx }, id)));
      }
    const got = async (id: string) =>
      JSON.parse((await getFlowRunJson({ ctx: t.customerCtx, input: { id } })).text);
    expect(await got(ids.orphan)).not.toHaveProperty("connection");
    expect(await got(ids.orphan)).not.toHaveProperty("integration");
    expect(await got(ids.completed)).toMatchObject({
      flowInstance: { id: inst.id, flow: { id: t.flow.id } },
      user: { id: t.customer.id },
      connection: { id: t.connection.id },
      integration: { id: t.integration.id },
      endTime: "1970-01-01T00:00:02.500Z",
    });
    expect((await got(ids.completed)).connection).not.toHaveProperty("credentials");
    // Another customer's run answers 404, as an unknown or malformed id does.
    for (const id of [ids.completed, "6b0000000000000000000000", "not-an-id"])
      expect(await expectSameRun(other.customerCtx, id)).toMatchObject({
        error: 404,
        message: expect.any(String),
      });
    // The cache key holds the version of every row read: a write to any of them shows.
    await updateFlowInstance({ ctx: t.ctx, input: { id: inst.id, body: { name: "Inst renamed" } } });
    expect((await got(ids.queued)).flowInstance.name).toBe("Inst renamed");
    await patchFlow({ ctx: t.ctx, input: { selector: t.flow.id, body: { name: "Flow renamed" } } });
    expect((await got(ids.queued)).flowInstance).toMatchObject({
      flow: { name: "Flow renamed" },
      outdated: true,
    });
    await db.update(connections).set({ name: "Conn renamed" }).where(eq(connections.id, t.connection.id));
    expect((await got(ids.queued)).connection.name).toBe("Conn renamed");
    await db.update(customers).set({ name: "Customer renamed" }).where(eq(customers.id, t.customer.id));
    expect((await got(ids.queued)).user.name).toBe("Customer renamed");
    await db.update(integrations).set({ name: "App renamed" }).where(eq(integrations.id, t.integration.id));
    expect((await got(ids.queued)).integration.name).toBe("App renamed");
    await db.update(flowRuns).set({ state: "running" }).where(eq(flowRuns.id, ids.queued));
    expect((await got(ids.queued)).state).toBe("running");
    for (const id of Object.values(ids)) await expectSameRun(t.customerCtx, id);
  });

  it("cached JSON follows every write to the rows it was built from", async () => {
    const t = await makeTenant(db, nodes);
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    const input = listFlowInstancesQuery.parse({ connectionId: t.connection.id });
    const listed = async () => JSON.parse((await listFlowInstancesJson({ ctx: t.ctx, input })).text).items[0];
    const got = async () =>
      JSON.parse(
        (await getFlowInstanceJson({ ctx: t.customerCtx, input: { selector: { id: inst.id } } })).text,
      );
    const same = async () => {
      expect(canonical(await listed())).toBe(
        canonical((await listFlowInstances({ ctx: t.ctx, input })).items[0]),
      );
      expect(canonical(await got())).toBe(
        canonical(await getFlowInstance({ ctx: t.ctx, input: { selector: { id: inst.id } } })),
      );
    };
    await same();
    expect(jsonCacheSize()).toBeGreaterThan(0);
    await updateFlowInstance({ ctx: t.ctx, input: { id: inst.id, body: { name: "Second name" } } });
    expect((await listed()).name).toBe("Second name");
    await same();
    await patchFlow({ ctx: t.ctx, input: { selector: t.flow.id, body: { name: "Flow renamed" } } });
    expect((await got()).flow.name).toBe("Flow renamed");
    await same();
    // The rows a single read embeds: their writes change the cached JSON too.
    await db.update(connections).set({ name: "Conn renamed" }).where(eq(connections.id, t.connection.id));
    expect((await got()).connection.name).toBe("Conn renamed");
    await db.update(customers).set({ name: "Customer renamed" }).where(eq(customers.id, t.customer.id));
    expect((await got()).user.name).toBe("Customer renamed");
    await db.update(integrations).set({ name: "App renamed" }).where(eq(integrations.id, t.integration.id));
    expect((await got()).integration.name).toBe("App renamed");
    await same();
    // A write that bypasses the services (as the engine's run bookkeeping does).
    await db
      .update(flowInstances)
      .set({ lastRunId: "6b00000000000000000000ac", lastRunState: "running" })
      .where(eq(flowInstances.id, inst.id));
    expect((await listed()).lastRun).toMatchObject({ state: "running" });
    await same();
    // Two versions written by one transaction: just the last is ever visible outside it.
    await db.transaction(async (tx) => {
      await tx.update(flowInstances).set({ enabled: false }).where(eq(flowInstances.id, inst.id));
      expect(
        JSON.parse((await listFlowInstancesJson({ ctx: { ...t.ctx, db: tx }, input })).text).items[0].enabled,
      ).toBe(false);
      await tx
        .update(flowInstances)
        .set({ enabled: true, name: "Third" })
        .where(eq(flowInstances.id, inst.id));
    });
    expect(await listed()).toMatchObject({ enabled: true, name: "Third" });
    await same();

    const run = (await createFlowRun({ ctx: t.ctx, input: { flowInstanceId: inst.id } }))!;
    const runsInput = listFlowRunsQuery.parse({ flowInstanceId: inst.id });
    const runs = async () =>
      JSON.parse((await listFlowRunsJson({ ctx: t.ctx, input: runsInput })).text).items;
    expect((await runs())[0]).toMatchObject({ id: run.id, state: "queued" });
    await db.update(flowRuns).set({ state: "completed" }).where(eq(flowRuns.id, run.id));
    expect((await runs())[0]).toMatchObject({ id: run.id, state: "completed" });
    expect(canonical(await runs())).toBe(
      canonical((await listFlowRuns({ ctx: t.ctx, input: runsInput })).items),
    );
  });

  it("values reach prepared statements as data, whatever they contain", async () => {
    const nasty = [
      "it's",
      "back\\slash\\",
      "\\'; DROP TABLE flows; --",
      "E'x'",
      "$1",
      "ünï\ncode",
      "'",
      "\\",
    ];
    for (const v of nasty) {
      const [row] = await rows<{ v: string }>(db, sql.raw(`SELECT ${sqlLiteral(v)}::text AS v`));
      expect(row.v).toBe(v);
    }
    const t = await makeTenant(db, nodes);
    for (const name of nasty) {
      const inst = await getFlowInstance({
        ctx: t.ctx,
        input: {
          selector: { flowId: t.flow.id, connectionId: t.connection.id, instanceKey: name },
          autoCreate: true,
        },
      });
      await updateFlowInstance({ ctx: t.ctx, input: { id: inst.id, body: { name } } });
      for (const raw of [
        { connectionId: t.connection.id, instanceKey: name },
        { connectionId: t.connection.id, search: name },
      ]) {
        const input = listFlowInstancesQuery.parse(raw);
        const items = JSON.parse((await listFlowInstancesJson({ ctx: t.ctx, input })).text).items;
        expect(items.map((i: { id: string }) => i.id)).toContain(inst.id);
        expect(reparsed(JSON.stringify(items))).toBe(
          canonical((await listFlowInstances({ ctx: t.ctx, input })).items),
        );
      }
      const input = listFlowInstancesQuery.parse({ flowId: name, customerId: name });
      expect(JSON.parse((await listFlowInstancesJson({ ctx: t.ctx, input })).text).items).toEqual([]);
    }
    expect((await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM flows`))[0].n).toBeGreaterThan(
      0,
    );
  });
});
