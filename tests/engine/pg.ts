import crypto from "node:crypto";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
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

export type Spawned = { child: ChildProcess; pid: number; out: string[]; exited: Promise<number | null> };

/**
 * Starts `node --import tsx <script>` from the repository root with `env` added to this process's, and
 * resolves once a line of its output contains `ready`; rejects if it exits first. Output lines are kept in
 * `out` (prefixed with `[name]` when given) for failure messages.
 */
export function spawnTsx(
  script: string,
  env: Record<string, string>,
  ready: string,
  name?: string,
): Promise<Spawned> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: path.resolve(__dirname, "../.."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const proc: Spawned = { child, pid: child.pid!, out, exited };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        out.push(name ? `[${name}] ${line}` : line);
        if (line.includes(ready)) resolve(proc);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) =>
      reject(new Error(`${name ?? script} exited with ${code} before starting:\n${out.join("\n")}`)),
    );
  });
}
