import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { testDb, makeTenantWithInstance } from "@/tests/helpers";
import type { Db } from "@/lib/db/client";
import { cachedRead, currentSnapshot } from "@/lib/server/read-cache";
import { listFlowInstancesJson } from "@/lib/services/flow-instances/list-flow-instances-json";
import { updateFlowInstance } from "@/lib/services/flow-instances/update-flow-instance";

let db: Db;
beforeAll(async () => {
  db = (await testDb()).db;
});

/** A write made outside this process's services: another connection on PostgreSQL (as a worker process or
 * psql would), the one session on PGlite. */
async function writeElsewhere(statement: string) {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return void (await db.execute(sql.raw(statement)));
  const { Client } = await import("pg");
  const other = new Client({ connectionString: url });
  await other.connect();
  try {
    await other.query(statement);
  } finally {
    await other.end();
  }
}

const nodes = { trigger: { type: "api-trigger" } };

describe("currentSnapshot", () => {
  it("stays equal while nothing is written and changes with every committed write", async () => {
    const s1 = await currentSnapshot(db);
    expect(await currentSnapshot(db)).toBe(s1);
    await writeElsewhere("CREATE TEMP TABLE IF NOT EXISTS snap_probe (n int)");
    const s2 = await currentSnapshot(db);
    expect(s2).not.toBe(s1);
    await writeElsewhere("SELECT 1"); // a read takes no transaction id
    expect(await currentSnapshot(db)).toBe(s2);
  });
});

describe("cachedRead", () => {
  it("reuses a read while the database is unchanged, and recomputes after any write", async () => {
    const t = await makeTenantWithInstance(db, nodes);
    let computed = 0;
    const read = () =>
      cachedRead(db, `test ${t.inst.id}`, async () => {
        computed++;
        return (await listFlowInstancesJson({ ctx: t.customerCtx, input: { limit: 10 } })).text;
      });
    const first = await read();
    const second = await read();
    expect(second).toBe(first);
    expect(computed).toBe(1);

    // A rename through the API's own verb is seen by the next read…
    await updateFlowInstance({ ctx: t.ctx, input: { id: t.inst.id, body: { name: "Renamed" } } });
    expect(JSON.parse((await read()).text).items[0].name).toBe("Renamed");
    expect(computed).toBe(2);
    // …and so is a write from another connection (a worker process, psql).
    await writeElsewhere(`UPDATE flow_instances SET name = 'Elsewhere' WHERE id = '${t.inst.id}'`);
    expect(JSON.parse((await read()).text).items[0].name).toBe("Elsewhere");
    expect(computed).toBe(3);
  });

  it("shares one computation among identical concurrent reads, keeps keys apart, and never keeps a failure", async () => {
    let computed = 0;
    const slow = (text: string) => async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 20));
      return text;
    };
    const bodies = await Promise.all(Array.from({ length: 10 }, () => cachedRead(db, "shared", slow("a"))));
    expect(bodies.map((b) => b.text)).toEqual(Array(10).fill("a"));
    expect(computed).toBe(1);
    expect((await cachedRead(db, "other", slow("b"))).text).toBe("b");
    expect(computed).toBe(2);

    await expect(
      cachedRead(db, "failing", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await cachedRead(db, "failing", slow("recovered"))).text).toBe("recovered");
  });
});
