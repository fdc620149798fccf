import crypto from "node:crypto";
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
const MAX_PREPARED = 200;
const pglitePrepared = new WeakMap<object, Map<string, string | false>>();

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
    name = `fd_prepared_${statements.size}`;
    try {
      await client.exec(`PREPARE ${name} AS ${sql}`);
    } catch {
      name = false;
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
    const name = opts.prepare
      ? "fd_" + crypto.createHash("sha1").update(sql).digest("base64url").slice(0, 20)
      : undefined;
    return (await client.query({ name, text: sql, values: params, rowMode: "array" })).rows;
  }
  return pgliteRows(client, sql, params, opts.prepare === true);
}
