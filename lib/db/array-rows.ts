import crypto from "node:crypto";
import pg from "pg";
import type { SQL } from "drizzle-orm";
import type { DbOrTx } from "./client";

type Built = { toSQL(): { sql: string; params: unknown[] } };
type PgPool = {
  totalCount: number;
  query: (q: {
    name?: string;
    text: string;
    values: unknown[];
    rowMode: "array";
  }) => Promise<{ rows: unknown[][] }>;
};
type Pglite = {
  query: (sql: string, params: unknown[], opts: { rowMode: "array" }) => Promise<{ rows: unknown[][] }>;
  exec: (sql: string) => Promise<unknown>;
};

// PGlite: planning costs more than running these small indexed reads (0.4–0.8 ms against 0.2–0.4 ms), and
// its one session keeps statements made with PREPARE. EXECUTE takes no bind parameters there, so values go
// in as literals: E'' strings with backslashes and quotes doubled (safe whatever standard_conforming_strings
// says) and safe integers; a query with any other value runs unprepared.
// Statement names come from the SQL text, so every copy of this module (one per route bundle) that prepares
// the same query on the one PGlite session agrees on the name.
const MAX_PREPARED = 200;
const g = globalThis as unknown as { __flowdeckPrepared?: WeakMap<object, Map<string, string | false>> };
const pglitePrepared = (g.__flowdeckPrepared ??= new WeakMap());
const names = new Map<string, string>();
const statementName = (sql: string) => {
  let name = names.get(sql);
  if (!name) {
    name = "fd_" + crypto.createHash("sha1").update(sql).digest("hex").slice(0, 24);
    if (names.size < 1000) names.set(sql, name);
  }
  return name;
};

export function sqlLiteral(v: unknown): string | undefined {
  if (typeof v === "string") return "E'" + v.replaceAll("\\", "\\\\").replaceAll("'", "''") + "'";
  if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
  return undefined;
}

async function pgliteRows(client: Pglite, sql: string, params: unknown[], prepare: boolean) {
  const literals = params.map(sqlLiteral);
  const plain = () => client.query(sql, params, { rowMode: "array" }).then((r) => r.rows);
  if (!prepare || literals.includes(undefined)) return plain();
  let statements = pglitePrepared.get(client);
  if (!statements) pglitePrepared.set(client, (statements = new Map()));
  let name = statements.get(sql);
  if (name === undefined) {
    if (statements.size >= MAX_PREPARED) return plain();
    name = statementName(sql);
    try {
      await client.exec(`PREPARE ${name} AS ${sql}`);
    } catch (err) {
      // 42P05: prepared by another copy of this module already (same name, so same text).
      if ((err as { code?: string }).code !== "42P05") name = false;
    }
    statements.set(sql, name);
  }
  if (!name) return plain();
  const args = literals.length ? `(${literals.join(", ")})` : "";
  return (await client.query(`EXECUTE ${name}${args}`, [], { rowMode: "array" })).rows;
}

/**
 * Runs a select built with drizzle straight on the driver, each row an array in selection order. For the
 * light reads on the API's hot path drizzle's own execution (result mapping, per-query driver options) costs
 * more than the query. `prepare` keeps the statement's plan (PostgreSQL: a named statement per connection;
 * PGlite: PREPARE in its one session): only for queries whose text comes from a small set (values are
 * parameters). Outside transactions only.
 */
export async function arrayRows(
  db: DbOrTx,
  query: Built,
  opts: { prepare?: boolean } = {},
): Promise<unknown[][]> {
  const { sql, params } = query.toSQL();
  const client = (db as unknown as { $client?: PgPool | Pglite }).$client;
  if (!client) throw new Error("arrayRows: not a root database handle");
  if ("totalCount" in client) {
    const name = opts.prepare ? statementName(sql) : undefined;
    return (await client.query({ name, text: sql, values: params, rowMode: "array" })).rows;
  }
  return pgliteRows(client, sql, params, opts.prepare === true);
}

// node-postgres parses timestamps into Dates by default; drizzle keeps them as strings (its columns map them).
const RAW_TYPE_IDS = new Set([1082, 1083, 1114, 1184, 1186, 1115, 1182, 1185, 1187, 1231]);
const rawTimestamps = {
  getTypeParser: (id: number, format?: string) =>
    RAW_TYPE_IDS.has(id)
      ? (v: string) => v
      : (pg.types.getTypeParser as (id: number, format?: string) => (v: string) => unknown)(id, format),
};

/**
 * Runs a raw statement and returns its rows as objects (as `db.execute` does). On PostgreSQL the statement
 * is a named one, so each connection plans it once: for the engine's hot statements, whose text is fixed
 * (values, and lists passed as one text parameter, are parameters), planning cost as much as running them.
 */
export async function namedRows(db: DbOrTx, query: SQL): Promise<Record<string, unknown>[]> {
  const client = (db as unknown as { $client?: PgPool | Pglite }).$client;
  if (client && "totalCount" in client) {
    const dialect = (db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } })
      .dialect;
    const { sql, params } = dialect.sqlToQuery(query);
    const res = await (
      client as unknown as {
        query(q: object): Promise<{ rows: Record<string, unknown>[] }>;
      }
    ).query({ name: statementName(sql), text: sql, values: params, types: rawTimestamps });
    return res.rows;
  }
  return ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
}
