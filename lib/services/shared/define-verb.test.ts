import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { BadRequestError } from "@/lib/core/errors";
import { errorResponse } from "@/lib/server/route";
import { uiActions } from "@/lib/server/ui-actions";
import { defineVerb } from "./define-verb";
import { updateFlowInstance } from "../flow-instances/update-flow-instance";
import { getFlowInstance } from "../flow-instances/get-flow-instance";
import { createFlowRun } from "../flow-runs/create-flow-run";

// A verb parses its own input: a script, a server action or the engine calling it with bad input gets the
// same 400 the REST edge answers (`bad_request`, the message naming the field), and the verb does nothing.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes = {
  t: { type: "api-trigger", links: [{ key: "x" }] },
  x: { type: "transform-data", config: { output: { ok: true } } },
};

describe("defineVerb", () => {
  it("refuses input its schema does not accept with a 400 naming the field, before the verb runs", async () => {
    let ran = 0;
    const verb = defineVerb(
      z.object({ id: z.string(), body: z.object({ enabled: z.boolean() }) }),
      async ({ input }) => {
        ran++;
        return input.body.enabled;
      },
    );
    const t = await makeTenantWithInstance(db, nodes);
    const bad = { id: "x", body: { enabled: "yes" } } as unknown as Parameters<typeof verb>[0]["input"];
    const err = await verb({ ctx: t.ctx, input: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    const res = errorResponse(err, "test");
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: "bad_request",
      message: expect.stringMatching(/^body\.enabled: /),
    });
    expect(ran).toBe(0);
    // Parsed input reaches the verb.
    expect(await verb({ ctx: t.ctx, input: { id: "x", body: { enabled: true } } })).toBe(true);
    expect(ran).toBe(1);
  });

  it("a script calling a verb with bad input gets the 400 naming the field, and nothing changes", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const input = { id: t.inst.id, body: { enabled: "no", name: 7 } } as unknown as Parameters<
      typeof updateFlowInstance
    >[0]["input"];
    await expect(updateFlowInstance({ ctx: t.ctx, input })).rejects.toMatchObject({
      status: 400,
      type: "bad_request",
      message: expect.stringMatching(/body\.name: .*; body\.enabled: |body\.enabled: .*; body\.name: /),
    });
    await expect(updateFlowInstance({ ctx: t.ctx, input: { body: {} } })).rejects.toMatchObject({
      status: 400,
      message: "selector: id or selector is required",
    });
    const run = { flowInstanceId: 42 } as unknown as Parameters<typeof createFlowRun>[0]["input"];
    await expect(createFlowRun({ ctx: t.ctx, input: run })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^flowInstanceId: /),
    });
    const after = await getFlowInstance({ ctx: t.ctx, input: { selector: { id: t.inst.id } } });
    expect(after.enabled).toBe(t.inst.enabled);
    expect(after.name).toBe(t.inst.name);
  });

  it("a server action whose arguments pass its own checks still meets the verb's schema", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const actions = uiActions(async () => t.ctx);
    expect(await actions.bulkAction("enable", [])).toEqual({
      ok: false,
      error: expect.stringMatching(/^ids: /),
    });
    expect(await actions.bulkAction("disable", ["x".repeat(101)])).toEqual({
      ok: false,
      error: expect.stringMatching(/^ids\.0: /),
    });
    const after = await getFlowInstance({ ctx: t.ctx, input: { selector: { id: t.inst.id } } });
    expect(after.enabled).toBe(t.inst.enabled);
  });
});
