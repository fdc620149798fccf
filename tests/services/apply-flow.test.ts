import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { adminCtx, makeTenant, testDb, uid } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { auditEvents } from "@/lib/db/schema";
import type { Ctx } from "@/lib/services/context";
import { createIntegration } from "@/lib/services/integrations/create-integration";
import { archiveFlow } from "@/lib/services/flows/archive-flow";
import { createFlow } from "@/lib/services/flows/create-flow";
import { patchFlow } from "@/lib/services/flows/patch-flow";
import { applyFlow } from "@/lib/services/flows/apply-flow";
import { getFlow } from "@/lib/services/flows/get-flow";
import { flowShape } from "@/lib/core/api-shapes";

// `flow(x).apply(integrationKeys)`: a universal flow's copy per integration, created, then kept in step with
// the universal flow by applying again; bad input is refused naming the field; every change is audited.

let db: Db;
let ctx: Ctx;
beforeAll(async () => {
  db = (await testDb()).db;
  ctx = adminCtx(db);
});

const newIntegration = () =>
  createIntegration({
    ctx,
    input: { key: uid("app-"), name: "App", baseUri: "", auth: { type: "api-key" }, dataCollections: {} },
  });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({ status: 200, message: "" }),
    (e: { status?: number; message: string }) => ({ status: e.status, message: e.message }),
  );

describe("apply a universal flow to integrations", () => {
  it("creates each integration's copy, then updates (and restores) it when applied again", async () => {
    const [a, b] = [await newIntegration(), await newIntegration()];
    const universal = await createFlow({
      ctx,
      input: {
        key: uid("uni-"),
        name: "Universal",
        parametersSchema: { type: "object", properties: { tag: { type: "string" } } },
        nodes: { trigger: { type: "api-trigger" } },
      },
    });
    const copies = await applyFlow({
      ctx,
      input: { selector: { key: universal.key }, body: { integrationKeys: [a.key, b.key, a.key] } },
    });
    expect(copies.map((c) => [c.key, c.integrationId, c.name])).toEqual([
      [`${universal.key}-${a.key}`, a.id, "Universal"],
      [`${universal.key}-${b.key}`, b.id, "Universal"],
    ]);
    for (const c of copies) {
      expect(flowShape.safeParse(JSON.parse(JSON.stringify(c))).success).toBe(true);
      expect(Object.keys(c.nodes)).toEqual(["trigger"]);
      expect(c.parametersSchema).toEqual(universal.parametersSchema);
      expect(c.id).not.toBe(universal.id);
    }
    const created = await db.select().from(auditEvents).where(eq(auditEvents.targetId, copies[0].id));
    expect(created.map((e) => e.action)).toEqual(["create"]);

    // Applying again with nothing changed: the same copies, untouched.
    const again = await applyFlow({
      ctx,
      input: { selector: { id: universal.id }, body: { integrationKeys: [b.key] } },
    });
    expect(again.map((c) => [c.id, c.revision])).toEqual([[copies[1].id, copies[1].revision]]);

    // The universal flow changes, one copy is archived: applying brings both back in step.
    await patchFlow({
      ctx,
      input: {
        selector: universal.id,
        body: { name: "Universal v2", nodes: { t2: { type: "api-trigger" } } },
      },
    });
    await archiveFlow({ ctx, input: { selector: copies[0].id } });
    const updated = await applyFlow({
      ctx,
      input: { selector: { key: universal.key }, body: { integrationKeys: [a.key, b.key] } },
    });
    expect(updated.map((c) => c.id)).toEqual(copies.map((c) => c.id));
    for (const [i, c] of updated.entries()) {
      expect(c.name).toBe("Universal v2");
      expect(Object.keys(c.nodes)).toEqual(["t2"]);
      expect(c.archivedAt).toBeUndefined();
      expect(c.revision).not.toBe(copies[i].revision);
    }
    expect((await getFlow({ ctx, input: { selector: copies[0].id } })).name).toBe("Universal v2");
    const patched = await db.select().from(auditEvents).where(eq(auditEvents.targetId, copies[0].id));
    expect(patched.map((e) => e.action).sort()).toEqual(["archive", "create", "patch"]);
  });

  it("refuses bad input naming the field, non-universal flows, customers, and taken keys", async () => {
    const t = await makeTenant(db, { trigger: { type: "api-trigger" } });
    const universal = await createFlow({ ctx, input: { key: uid("uni-"), name: "U", nodes: {} } });
    const sel = { id: universal.id };

    const unknown = await refusal(
      applyFlow({
        ctx,
        input: { selector: sel, body: { integrationKeys: [t.integration.key, "no-such-app"] } },
      }),
    );
    expect(unknown).toEqual({ status: 400, message: 'integrationKeys.1: no integration "no-such-app"' });
    // Nothing of a refused apply is kept (one transaction).
    expect(
      (await refusal(getFlow({ ctx, input: { selector: `${universal.key}-${t.integration.key}` } }))).status,
    ).toBe(404);

    const empty = await refusal(applyFlow({ ctx, input: { selector: sel, body: { integrationKeys: [] } } }));
    expect(empty).toEqual({ status: 400, message: "body.integrationKeys: at least one integration key" });

    const specific = await refusal(
      applyFlow({
        ctx,
        input: { selector: { id: t.flow.id }, body: { integrationKeys: [t.integration.key] } },
      }),
    );
    expect(specific).toMatchObject({
      status: 400,
      message: expect.stringContaining("a universal flow (one without integrationId) can be applied"),
    });

    const customer = await refusal(
      applyFlow({
        ctx: t.customerCtx,
        input: { selector: sel, body: { integrationKeys: [t.integration.key] } },
      }),
    );
    expect(customer.status).toBe(403);

    // A flow of the copy's key that is not a copy for that integration is never overwritten.
    const other = await newIntegration();
    await createFlow({ ctx, input: { key: `${universal.key}-${other.key}`, name: "Mine", nodes: {} } });
    const taken = await refusal(
      applyFlow({ ctx, input: { selector: sel, body: { integrationKeys: [other.key] } } }),
    );
    expect(taken).toMatchObject({ status: 409, message: expect.stringContaining("integrationKeys.0") });
  });
});
