import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenant } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { createFlow } from "@/lib/services/flows/create-flow";
import { listFlows } from "@/lib/services/flows/list-flows";
import { listFlowsQuery } from "@/lib/services/flows/schemas";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

describe("flows", () => {
  it("a SETUP_FAILED flow says why in `errors`", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    const flow = await createFlow({
      ctx: t.ctx,
      input: {
        name: "Broken",
        nodes: {
          trigger: { type: "api-trigger", links: [{ key: "a" }] },
          a: { type: "transform-data", config: { output: { x: { $var: "$.input.nope.field" } } } },
        },
      },
    });
    expect(flow.state).toBe("SETUP_FAILED");
    expect(flow.errors?.length).toBeGreaterThan(0);
    expect(t.flow.state).toBe("READY");
    expect(t.flow).not.toHaveProperty("errors", expect.anything());
  });

  it("connectionId and userId list the flows usable with that connection or customer", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    const other = await makeTenant(db, { trigger: { type: "api-trigger" } });
    const anyApp = await createFlow({
      ctx: t.ctx,
      input: { name: "No integration", nodes: { trigger: { type: "api-trigger" } } },
    });
    const ids = async (ctx: typeof t.ctx, raw: { connectionId?: string; userId?: string }) =>
      (await listFlows({ ctx, input: listFlowsQuery.parse({ limit: "1000", ...raw }) })).items.map(
        (f) => f.id,
      );
    for (const raw of [
      { connectionId: t.connection.id },
      { userId: t.customer.id },
      { userId: t.customer.internalId },
    ]) {
      const found = await ids(t.ctx, raw);
      expect(found).toEqual(expect.arrayContaining([t.flow.id, anyApp.id]));
      expect(found).not.toContain(other.flow.id);
    }
    expect(await ids(t.ctx, { connectionId: "6b0000000000000000000000" })).toEqual([]);
    // A customer naming another customer's connection sees nothing.
    expect(await ids(t.customerCtx, { connectionId: other.connection.id })).toEqual([]);
    expect(await ids(t.customerCtx, { connectionId: t.connection.id })).toContain(t.flow.id);
  });
});
