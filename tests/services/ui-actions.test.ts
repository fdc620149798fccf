import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { uiActions } from "@/lib/server/ui-actions";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";

// The console's and the embed's buttons (lib/server/ui-actions.ts): a server action is a public endpoint,
// so arguments are parsed before they reach a verb, and the ctx factory decides who acts.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes = {
  t: { type: "api-trigger", links: [{ key: "x" }] },
  x: { type: "transform-data", config: { output: { ok: true } } },
};

describe("UI actions", () => {
  it("refuse malformed arguments with a message naming the argument, and change nothing", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const actions = uiActions(async () => t.ctx);
    const call = actions.setInstanceEnabled as (
      ...a: unknown[]
    ) => ReturnType<typeof actions.setInstanceEnabled>;
    expect(await call(t.inst.id, "yes")).toEqual({ ok: false, error: expect.stringContaining("argument 1") });
    const save = actions.saveNodeConfig as (...a: unknown[]) => ReturnType<typeof actions.saveNodeConfig>;
    expect(await save(t.inst.id, "x", "not an object")).toEqual({
      ok: false,
      error: expect.stringContaining("argument 2"),
    });
    expect(await save({ $ne: null }, "x", {})).toEqual({
      ok: false,
      error: expect.stringContaining("argument 0"),
    });
    const after = await getFlowInstance({ ctx: t.ctx, input: { selector: { id: t.inst.id } } });
    expect(after.enabled).toBe(t.inst.enabled);
    expect(after.nodes.x.config).toEqual({ output: { ok: true } });
  });

  it("act with the principal their ctx factory gives: another customer's instance is not found", async () => {
    const mine = await makeTenantWithInstance(db, nodes);
    const other = await makeTenantWithInstance(db, nodes);
    const asOther = uiActions(async () => other.customerCtx);
    expect(await asOther.setInstanceEnabled(mine.inst.id, false)).toEqual({
      ok: false,
      error: expect.stringMatching(/not found/i),
    });
    const asMe = uiActions(async () => mine.customerCtx);
    expect(await asMe.setInstanceEnabled(mine.inst.id, false)).toEqual({
      ok: true,
      data: { enabled: false },
    });
    expect(await asOther.runInstance(mine.inst.id, {})).toEqual({
      ok: false,
      error: expect.stringMatching(/not found/i),
    });
    expect(await asMe.runInstance(mine.inst.id, {})).toEqual({
      ok: true,
      data: { id: expect.any(String), state: "queued" },
    });
  });
});
