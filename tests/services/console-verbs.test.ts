import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { BadRequestError } from "@/lib/core/errors";
import { countFlowInstances } from "@/lib/services/console/count-flow-instances";
import { globalSearch } from "@/lib/services/console/global-search";
import { instanceListView } from "@/lib/services/console/instance-list-view";
import { lookupInstanceNames } from "@/lib/services/console/lookup-instance-names";
import { lookupNames } from "@/lib/services/console/lookup-names";
import { listFilterOptions } from "@/lib/services/console/filter-options";

// The console's read verbs parse their own input: a server action (a public endpoint) or a script passing
// what a browser sent gets a 400 naming the field, never a crash deeper down.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes = { t: { type: "api-trigger" } };
/** Input as an untyped caller (a server action's arguments) would pass it. */
const raw = (input: unknown) => input as never;

describe("console verbs", () => {
  it("refuse bad input with a BadRequestError naming the field", async () => {
    const { ctx } = await makeTenantWithInstance(db, nodes);
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => e,
      );

    const search = await refusal(globalSearch({ ctx, input: raw({ q: 42 }) }));
    expect(search).toBeInstanceOf(BadRequestError);
    expect((search as BadRequestError).message).toMatch(/^q: /);

    const names = await refusal(lookupInstanceNames({ ctx, input: raw({ ids: "not-a-list" }) }));
    expect(names).toBeInstanceOf(BadRequestError);
    expect((names as BadRequestError).message).toMatch(/^ids: /);

    const lookup = await refusal(lookupNames({ ctx, input: raw({ customerIds: [7], integrationIds: [] }) }));
    expect(lookup).toBeInstanceOf(BadRequestError);
    expect((lookup as BadRequestError).message).toMatch(/^customerIds\.0: /);

    const count = await refusal(countFlowInstances({ ctx, input: raw({ enabled: "maybe" }) }));
    expect(count).toBeInstanceOf(BadRequestError);
    expect((count as BadRequestError).message).toMatch(/^enabled: /);

    const view = await refusal(instanceListView({ ctx, input: raw({ limit: 0 }) }));
    expect(view).toBeInstanceOf(BadRequestError);
    expect((view as BadRequestError).message).toMatch(/^limit: /);
  });

  it("take what their pages pass, parsed or not", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    const ctx = t.ctx;
    // A filter the page already parsed (a boolean) and one straight from the address ("true") agree.
    const parsed = await countFlowInstances({ ctx, input: { customerId: t.customer.id, enabled: true } });
    const text = await countFlowInstances({ ctx, input: { customerId: t.customer.id, enabled: "true" } });
    expect(parsed).toEqual({ total: 1 });
    expect(text).toEqual(parsed);
    const view = await instanceListView({ ctx, input: { customerId: t.customer.id, limit: 10 } });
    expect(view.total).toBe(1);
    expect(view.items.map((i) => i.id)).toEqual([t.inst.id]);
    expect(await lookupInstanceNames({ ctx, input: { ids: [t.inst.id, t.inst.id] } })).toEqual({
      [t.inst.id]: t.inst.name,
    });
    // The search box: whatever was typed, trimmed.
    const found = await globalSearch({ ctx, input: { q: `  ${t.inst.id}  ` } });
    expect(found.instances.map((i) => i.id)).toEqual([t.inst.id]);
    expect(await globalSearch({ ctx, input: { q: "   " } })).toEqual({
      instances: [],
      customers: [],
      flows: [],
    });
    expect(Object.keys(await listFilterOptions({ ctx, input: {} }))).toEqual([
      "customers",
      "integrations",
      "flows",
    ]);
    // Still the console's: a customer token is refused.
    await expect(listFilterOptions({ ctx: t.customerCtx, input: {} })).rejects.toMatchObject({ status: 403 });
  });
});
