import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openTestDb, rows, type Db } from "./client";
import { dueMaintenance, maintainTables } from "./autovacuum";

let handle: Awaited<ReturnType<typeof openTestDb>>;
let db: Db;
beforeAll(async () => {
  handle = await openTestDb();
  db = handle.db;
});
afterAll(() => handle.close());

const deadTuples = async (table: string) =>
  Number(
    (
      await rows<{ n: string }>(
        db,
        sql`SELECT n_dead_tup AS n FROM pg_stat_user_tables WHERE relname = ${table}`,
      )
    )[0]?.n ?? 0,
  );

describe("autovacuum of the embedded database", () => {
  it("is due past autovacuum's thresholds", () => {
    expect(dueMaintenance({ live: 10_000, dead: 1_500, changed: 0 })).toBeNull();
    expect(dueMaintenance({ live: 10_000, dead: 2_001, changed: 0 })).toBe("vacuum");
    expect(dueMaintenance({ live: 10_000, dead: 0, changed: 2_001 })).toBe("analyze");
  });

  it("vacuums a table whose updates left dead row versions, and leaves the others alone", async () => {
    await db.execute(sql`CREATE TABLE vac_probe (id int PRIMARY KEY, state text NOT NULL)`);
    await db.execute(sql`CREATE INDEX vac_probe_state ON vac_probe (state, id)`);
    await db.execute(sql`INSERT INTO vac_probe SELECT g, 'queued' FROM generate_series(1, 3000) g`);
    await db.execute(sql`UPDATE vac_probe SET state = 'running'`);
    await db.execute(sql`UPDATE vac_probe SET state = 'completed'`);
    // PostgreSQL publishes a backend's table counts at most once a second.
    await expect.poll(() => deadTuples("vac_probe"), { timeout: 5_000 }).toBeGreaterThanOrEqual(6000);
    const done = await maintainTables(db);
    expect(done).toContain("vacuum vac_probe");
    expect(await deadTuples("vac_probe")).toBe(0);
    // Nothing is due any more: a second pass does nothing to it.
    expect(await maintainTables(db)).not.toContain("vacuum vac_probe");
  });
});
