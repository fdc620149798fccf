import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenant } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { Ctx } from "@/lib/services/context";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { resetFlowInstance } from "@/lib/services/flow-instances/reset-flow-instance";
import { setupFlowInstance } from "@/lib/services/flow-instances/setup-flow-instance";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { stopFlowRun } from "@/lib/services/flow-runs/stop-flow-run";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { archiveConnection } from "@/lib/services/connections/archive-connection";
import { patchConnection } from "@/lib/services/connections/patch-connection";
import { errorResponse } from "@/lib/server/route";
import { sql } from "drizzle-orm";
import { vi } from "vitest";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const events = async (ctx: Ctx, targetId: string) =>
  (await listAuditEvents({ ctx, input: listAuditEventsQuery.parse({ targetId, limit: "100" }) })).items;

describe("audit log", () => {
  it("records every action kind with actor, target and diff, in the change's transaction", async () => {
    const t = await makeTenant(db, {
      trigger: { type: "api-trigger", links: [{ key: "x" }] },
      x: { type: "transform-data", config: { output: { a: 1 } } },
    });
    const operator: Ctx = { ...t.ctx, principal: { kind: "admin", via: "session" }, channel: "console" };
    const inst = await getFlowInstance({
      ctx: t.customerCtx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    await updateFlowInstance({ ctx: operator, input: { id: inst.id, body: { name: "Renamed" } } });
    await updateFlowInstance({ ctx: operator, input: { id: inst.id, body: { enabled: false } } });
    await updateFlowInstance({ ctx: t.customerCtx, input: { id: inst.id, body: { enabled: true } } });
    await setupFlowInstance({ ctx: operator, input: { id: inst.id } });
    await resetFlowInstance({ ctx: operator, input: { id: inst.id } });
    await archiveFlowInstance({ ctx: operator, input: { id: inst.id } });
    await archiveFlowInstance({ ctx: operator, input: { id: inst.id, restore: true } });
    const run = await createFlowRun({ ctx: t.customerCtx, input: { flowInstanceId: inst.id } });
    await stopFlowRun({ ctx: operator, input: { id: run!.id } }).catch(() => undefined);

    const onInstance = await events(t.ctx, inst.id);
    expect(onInstance.map((e) => e.action).reverse()).toEqual([
      "create",
      "patch",
      "disable",
      "enable",
      "setup",
      "reset",
      "archive",
      "restore",
    ]);
    const patch = onInstance.find((e) => e.action === "patch")!;
    expect(patch.actor).toMatchObject({ type: "operator", channel: "console" });
    expect(patch.diff).toMatchObject({ name: { from: "Flow", to: "Renamed" } });
    expect(onInstance.find((e) => e.action === "enable")!.actor).toMatchObject({ type: "customer" });
    expect(patch.customerId).toBe(t.customer.id);
    const onRun = await events(t.ctx, run!.id);
    expect(onRun.map((e) => e.action)).toContain("run");
  });

  it("writes nothing when the action fails", async () => {
    const t = await makeTenant(
      db,
      { trigger: { type: "api-trigger" } },
      { parametersSchema: { type: "object", properties: { n: { type: "integer" } } } },
    );
    const inst = await getFlowInstance({
      ctx: t.ctx,
      input: { selector: { flowId: t.flow.id, connectionId: t.connection.id }, autoCreate: true },
    });
    const before = (await events(t.ctx, inst.id)).length;
    await expect(
      updateFlowInstance({ ctx: t.ctx, input: { id: inst.id, body: { parameters: { n: "x" } } } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      updateFlowInstance({ ctx: t.ctx, input: { id: inst.id, body: { name: "x" }, ifMatch: 999 } }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await events(t.ctx, inst.id)).toHaveLength(before);
  });

  it("records changes to workspace elements: flows, connections, customers", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    await patchFlow({ ctx: t.ctx, input: { selector: t.flow.id, body: { name: "Renamed flow" } } });
    await archiveConnection({ ctx: t.customerCtx, input: { selector: t.connection.id } });
    const onFlow = await events(t.ctx, t.flow.id);
    expect(onFlow.map((e) => e.action)).toEqual(["patch", "create"]);
    expect(onFlow[0].diff).toMatchObject({ changes: { name: "Renamed flow" } });
    const onConnection = await events(t.ctx, t.connection.id);
    expect(onConnection.map((e) => e.action)).toEqual(["archive", "create"]);
    expect(onConnection[0].actor).toMatchObject({ type: "customer" });
    expect(JSON.stringify(onConnection)).not.toContain('"apiKey"');
  });

  it("is for admins only", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    await expect(
      listAuditEvents({ ctx: t.customerCtx, input: listAuditEventsQuery.parse({}) }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("never records a secret: new credentials are audited by key names, never values", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    const secret = "sk-live-" + "9f8e7d6c5b4a";
    await patchConnection({
      ctx: t.ctx,
      input: {
        selector: t.connection.id,
        body: { name: "CRM", credentials: { apiKey: secret, region: "eu" } },
      },
    });
    const [patch] = await events(t.ctx, t.connection.id);
    expect(patch.action).toBe("patch");
    expect(JSON.stringify(patch)).not.toContain(secret);
    expect(patch.diff).toMatchObject({
      changes: { name: "CRM", credentials: { redacted: true, keys: ["apiKey", "region"] } },
    });
  });

  it("logs a failed query without its parameters", async () => {
    const secret = "sk-live-" + "0a1b2c3d4e5f";
    const err = await db.execute(sql`select ${secret}::text || (1 / 0)::text`).catch((e: unknown) => e);
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = errorResponse(err, "req-1");
      expect(res.status).toBe(500);
      expect(JSON.stringify(await res.json())).not.toContain(secret);
      const logged = log.mock.calls.map((c) => c.map(String).join(" ")).join("\n");
      expect(logged).toContain("req-1");
      expect(logged).not.toContain(secret);
    } finally {
      log.mockRestore();
    }
  });
});
