import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { createFlowRun } from "@/lib/services/flow-runs/create-flow-run";
import { getFlowRun } from "@/lib/services/flow-runs/get-flow-run";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";
import { listAuditEventsQuery } from "@/lib/services/audit/schemas";
import { batchStats } from "@/lib/engine/batcher";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes = {
  trigger: {
    type: "api-trigger",
    config: { inputSchema: { type: "object", properties: { n: { type: "number" } } } },
  },
};

const tenantWithInstance = () => makeTenantWithInstance(db, nodes);

describe("createFlowRun group commit", () => {
  it("writes concurrent runs together, acknowledges each after commit, and fails bad requests alone", async () => {
    const a = await tenantWithInstance();
    const b = await tenantWithInstance();
    const before = { ...(batchStats["create-run"] ?? { statements: 0, items: 0 }) };

    const settled = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, n) =>
        createFlowRun({
          ctx: n % 2 ? a.customerCtx : b.customerCtx,
          input: { flowInstanceId: (n % 2 ? a : b).inst.id, input: { n } },
        }),
      ),
      // Invalid input for the trigger's schema.
      createFlowRun({ ctx: a.customerCtx, input: { flowInstanceId: a.inst.id, input: { n: "x" } } }),
      // Customer B's token against customer A's instance: not found, as for a missing id.
      createFlowRun({ ctx: b.customerCtx, input: { flowInstanceId: a.inst.id } }),
      createFlowRun({ ctx: a.ctx, input: { flowInstanceId: "no-such-instance" } }),
      createFlowRun({ ctx: a.ctx, input: {} }),
    ]);

    const ok = settled.slice(0, 20);
    for (const [n, s] of ok.entries()) {
      expect(s.status).toBe("fulfilled");
      const run = (s as PromiseFulfilledResult<Awaited<ReturnType<typeof createFlowRun>>>).value!;
      expect(run).toMatchObject({ flowInstanceId: (n % 2 ? a : b).inst.id, input: { n } });
      // Acknowledged means committed: another read sees it.
      const stored = await getFlowRun({ ctx: a.ctx, input: { id: run.id } });
      expect(stored.input).toEqual({ n });
      const audit = await listAuditEvents({
        ctx: a.ctx,
        input: listAuditEventsQuery.parse({ targetId: run.id }),
      });
      expect(audit.items.map((e) => [e.action, e.actor.type, e.customerId])).toEqual([
        ["run", "customer", (n % 2 ? a : b).customer.id],
      ]);
    }
    const reasons = settled
      .slice(20)
      .map((s) => (s.status === "rejected" ? (s.reason as { status: number; message: string }) : null));
    expect(reasons[0]).toMatchObject({ status: 400, message: expect.stringMatching(/^input\.n/) });
    expect(reasons[1]).toMatchObject({ status: 404 });
    expect(reasons[2]).toMatchObject({ status: 404 });
    expect(reasons[3]).toMatchObject({ status: 400, message: expect.stringContaining("flowInstanceId") });

    // The 24 requests went out in fewer statements than requests (they were made in the same tick).
    const stats = batchStats["create-run"];
    expect(stats.items - before.items).toBe(24);
    expect(stats.statements - before.statements).toBeLessThan(24);
  });

  it("gives a dedupe key to just one run when two requests with it share a transaction", async () => {
    const a = await tenantWithInstance();
    const dedupeKey = `tick:${a.inst.id}`;
    const [first, second] = await Promise.all([
      createFlowRun({ ctx: a.ctx, input: { flowInstanceId: a.inst.id }, dedupeKey }),
      createFlowRun({ ctx: a.ctx, input: { flowInstanceId: a.inst.id }, dedupeKey }),
    ]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
  });
});
