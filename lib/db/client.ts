import path from "node:path";
import fs from "node:fs";
import { sql } from "drizzle-orm";
import * as schema from "./schema";
import { getEnv } from "../env";
import { lockDataDir } from "./data-dir-lock";
import { startAutovacuum } from "./autovacuum";

import { rows, type Db, type Tx, type DbOrTx } from "./types";

export { rows, type Db, type Tx, type DbOrTx };

type Handle = {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
  /** PostgreSQL only: the connection string (workers open their job-queue pool with it). */
  databaseUrl?: string;
};

const g = globalThis as unknown as {
  __flowdeckDb?: Promise<Handle>;
  __flowdeckDbUrls?: WeakMap<object, string>;
};

/**
 * The connection string of a PostgreSQL database opened here (undefined for PGlite). Kept on globalThis:
 * Next.js bundles this module more than once (instrumentation, each route), and the handle opened by one
 * copy is used by all of them.
 */
const urls = (g.__flowdeckDbUrls ??= new WeakMap<object, string>());
export const postgresUrlOf = (db: Db): string | undefined => urls.get(db);

export const migrationsFolder = path.join(process.cwd(), "lib/db/migrations");

/**
 * Creates a fresh PGlite data folder in a child process. initdb runs in a WebAssembly instance of its own
 * whose memory (~470 MB) is never given back to the process that ran it; a database opened on an existing
 * folder costs about a third of a freshly created one (measured: RSS 757 → 282 MB).
 */
async function initDataDirApart(dir: string): Promise<void> {
  const { spawn } = await import("node:child_process");
  const script = `import { PGlite } from "@electric-sql/pglite";
const c = await PGlite.create(process.argv[1]); await c.close();`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script, dir], {
      cwd: process.cwd(),
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`creating the embedded database in ${dir} failed (${code})`)),
    );
  });
}

async function open(opts: {
  dataDir?: string;
  databaseUrl?: string;
  sharedBuffers?: string;
}): Promise<Handle> {
  if (opts.databaseUrl) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    const pool = new Pool({ connectionString: opts.databaseUrl, max: 10 });
    // A lost server connection must not crash the process; the pool reconnects on next use.
    pool.on("error", (err) => console.error("[db] idle client error:", err.message));
    // …nor an error on a checked-out client (the query in flight fails; the client is discarded).
    pool.on("connect", (client) =>
      client.on("error", (err) => console.error("[db] client error:", err.message)),
    );
    const db = drizzle(pool, { schema }) as unknown as Db;
    await migrate(drizzle(pool, { schema }), { migrationsFolder });
    // The job queue (graphile-worker) lives in the same database: its schema and our enqueue trigger.
    const { migrateQueue } = await import("./queue");
    await migrateQueue(pool);
    urls.set(db, opts.databaseUrl);
    return { db, kind: "postgres", close: () => pool.end(), databaseUrl: opts.databaseUrl };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const dataDir = opts.dataDir ?? "./data";
  const dir = path.join(dataDir, "pglite");
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // Before PGlite touches the folder: a second process on it would corrupt the database.
  const unlock = lockDataDir(dataDir);
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await initDataDirApart(dir);
  const client = await PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${opts.sharedBuffers ?? "16MB"}`],
  });
  const pdb = drizzle(client, { schema });
  await migrate(pdb, { migrationsFolder });
  // No autovacuum in single-user PGlite: this process does it (autovacuum.ts).
  const stopAutovacuum = startAutovacuum(pdb as unknown as Db);
  return {
    db: pdb as unknown as Db,
    kind: "pglite",
    close: async () => {
      await stopAutovacuum();
      await client.close();
      unlock();
    },
  };
}

/** One database handle per process: PGlite must not be opened twice on one folder. */
export function getDbHandle(): Promise<Handle> {
  if (!g.__flowdeckDb) {
    const env = getEnv();
    // On PostgreSQL, queued runs wake worker processes through graphile-worker's own NOTIFY (sent by the
    // job insert in the run's transaction); on PGlite the in-process bus wakes the local worker.
    g.__flowdeckDb = open({
      dataDir: env.DATA_DIR,
      databaseUrl: env.DATABASE_URL,
      sharedBuffers: env.PGLITE_SHARED_BUFFERS,
    });
    g.__flowdeckDb.catch(() => (g.__flowdeckDb = undefined));
  }
  return g.__flowdeckDb;
}

/** For tests: open an isolated database (in-memory PGlite unless a URL is given). */
export async function openTestDb(databaseUrl?: string): Promise<Handle> {
  if (databaseUrl) return open({ databaseUrl });
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = await PGlite.create();
  const pdb = drizzle(client, { schema });
  await migrate(pdb, { migrationsFolder });
  return { db: pdb as unknown as Db, kind: "pglite", close: () => client.close() };
}

export { sql, schema };
