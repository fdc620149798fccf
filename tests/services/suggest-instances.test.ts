import { beforeAll, describe, expect, it } from "vitest";
import { testDb, makeTenantWithInstance, uid } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import type { FlowNodes } from "@/lib/core/flow";
import { suggestInstances } from "@/lib/services/console/suggest-instances";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "@/lib/services/flow-instances/archive-flow-instance";
import { getFlowInstance } from "@/lib/services/flow-instances/get-flow-instance";

// The Runs page's instance picker: an operator finds an instance by words of its name, its customer's name
// or its flow's name, never by typing its id.

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

const nodes: FlowNodes = { trigger: { type: "api-trigger" } };

describe("suggestInstances", () => {
  it("finds instances by words of their, their customer's and their flow's names; live ones first (archived after, whatever their names)", async () => {
    const tag = uid();
    const t = await makeTenantWithInstance(db, nodes);
    await updateFlowInstance({ ctx: t.ctx, input: { id: t.inst.id, body: { name: `Sync ${tag} south` } } });
    const archived = await getFlowInstance({
      ctx: t.ctx,
      input: {
        selector: { flowId: t.flow.id, connectionId: t.connection.id, instanceKey: "second" },
        autoCreate: true,
      },
    });
    await updateFlowInstance({ ctx: t.ctx, input: { id: archived.id, body: { name: `Sync ${tag} north` } } });
    await archiveFlowInstance({ ctx: t.ctx, input: { id: archived.id } });

    const found = await suggestInstances({ ctx: t.ctx, input: { q: `  ${tag.toUpperCase()} ` } });
    expect(found.map((i) => [i.name, i.archived])).toEqual([
      [`Sync ${tag} south`, false],
      [`Sync ${tag} north`, true],
    ]);
    expect(found[0]).toMatchObject({ id: t.inst.id, customerName: "Customer", flowName: "Flow" });
    // Every word must be found somewhere: a customer word and an instance word narrow it down.
    expect(await suggestInstances({ ctx: t.ctx, input: { q: `customer ${tag} south` } })).toHaveLength(1);
    expect(await suggestInstances({ ctx: t.ctx, input: { q: `${tag} nowhere` } })).toEqual([]);
    // The id itself (a pasted link) finds the one instance; LIKE wildcards are plain text.
    expect((await suggestInstances({ ctx: t.ctx, input: { q: t.inst.id } })).map((i) => i.id)).toEqual([
      t.inst.id,
    ]);
    expect(await suggestInstances({ ctx: t.ctx, input: { q: `${tag}%` } })).toEqual([]);
    expect(await suggestInstances({ ctx: t.ctx, input: { q: "   " } })).toEqual([]);
  });

  it("is the console's: a customer cannot list other instances through it", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    await expect(suggestInstances({ ctx: t.customerCtx, input: { q: "Flow" } })).rejects.toThrow();
    await expect(suggestInstances({ ctx: t.ctx, input: { q: "x".repeat(201) } })).rejects.toThrow(/q:/);
  });
});
