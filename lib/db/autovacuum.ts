import { sql } from "drizzle-orm";
import { rows, type Db } from "./types";

// PGlite runs PostgreSQL as one single-user backend: there is no autovacuum launcher, so without this the
// embedded database never reclaims the row versions its updates leave behind (a run's claim and finish each
// leave one), never refreshes the planner's statistics, and the queue's index scans wade through ever more
// dead entries. This does what autovacuum would, from the process that owns the database: every few
// seconds it reads the tables' dead and changed row counts and vacuums (and analyzes) the ones past the
// thresholds below. A VACUUM holds PGlite's one session for its duration (tens of ms for tens of
// thousands of rows), so the thresholds keep them rare: as autovacuum's defaults, a fraction of the table.

/** Dead row versions past which a table is vacuumed: BASE + SCALE × live rows (autovacuum's formula). */
const VACUUM_BASE = 1_000;
const VACUUM_SCALE = 0.1;
/** Rows changed since the last analyze past which a table is analyzed. */
const ANALYZE_BASE = 1_000;
const ANALYZE_SCALE = 0.1;

type TableStats = { name: string; live: number; dead: number; changed: number };

/** The tables of the public schema with their row counts (pg_stat_user_tables). */
async function tableStats(db: Db): Promise<TableStats[]> {
  return (
    await rows<{ name: string; live: string; dead: string; changed: string }>(
      db,
      sql`SELECT relname AS name, n_live_tup AS live, n_dead_tup AS dead, n_mod_since_analyze AS changed
          FROM pg_stat_user_tables WHERE schemaname = 'public'`,
    )
  ).map((r) => ({ name: r.name, live: Number(r.live), dead: Number(r.dead), changed: Number(r.changed) }));
}

/** What a table needs now: a vacuum (with analyze), an analyze alone, or nothing. */
export function dueMaintenance(
  t: Pick<TableStats, "live" | "dead" | "changed">,
): "vacuum" | "analyze" | null {
  if (t.dead > VACUUM_BASE + VACUUM_SCALE * t.live) return "vacuum";
  if (t.changed > ANALYZE_BASE + ANALYZE_SCALE * t.live) return "analyze";
  return null;
}

/** Vacuums and analyzes the tables that are due; returns what it did (e.g. `vacuum flow_runs`). */
export async function maintainTables(db: Db): Promise<string[]> {
  const done: string[] = [];
  for (const t of await tableStats(db)) {
    const due = dueMaintenance(t);
    if (!due || !/^[a-z_]+$/.test(t.name)) continue;
    await db.execute(sql.raw(due === "vacuum" ? `VACUUM (ANALYZE) ${t.name}` : `ANALYZE ${t.name}`));
    done.push(`${due} ${t.name}`);
  }
  return done;
}

/** Runs maintainTables every `everyMs` (one pass at a time) until the returned stop function is called. */
export function startAutovacuum(db: Db, everyMs = 15_000): () => Promise<void> {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = maintainTables(db)
      .catch((err) => console.error("[db] autovacuum:", (err as Error).message))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
