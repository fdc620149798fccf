import crypto from "node:crypto";
import pg from "pg";

// Throw-away PostgreSQL databases for tests that need a real server (several processes on one database).
// The server is the one of TEST_DATABASE_URL when set, otherwise the machine's 127.0.0.1:5432 as `postgres`.

function adminUrl(): string {
  if (process.env.TEST_PG_ADMIN_URL) return process.env.TEST_PG_ADMIN_URL;
  if (process.env.TEST_DATABASE_URL) {
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = "/postgres";
    return u.toString();
  }
  return "postgres://postgres@127.0.0.1:5432/postgres";
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = adminUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${url.replace(/\/\/[^@]*@/, "//…@")} (${(err as Error).message}). ` +
        "Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, " +
        "or point TEST_PG_ADMIN_URL at a server where this role may CREATE DATABASE.",
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates an empty database `<prefix>_<random>` and returns its URL and a function that drops it. */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
