import type { Db } from "./client";

// The database's current snapshot (`pg_current_snapshot()`: xmin:xmax:in-progress xids) as a change token.
// Every transaction that writes gets a transaction id: while it runs its id is in the snapshot's in-progress
// list or at/after xmax; when it commits, that list or xmax changes. So two equal snapshot texts mean that no
// write committed in between — in any table, from any process or connection (app servers, worker processes,
// psql). A result computed after taking snapshot S is therefore still exact as long as the current snapshot
// is S. Writes that take no transaction id (sequence increments) never reach API responses.
//
// Calls coalesce: a call made while a snapshot query is in flight waits for the next query (which starts
// after it), never for the one already running, so each caller gets a snapshot taken after it called.

type Client = {
  query: (text: string, values?: unknown[], opts?: object) => Promise<{ rows: unknown[] }>;
};

const TEXT = "SELECT pg_current_snapshot()::text AS s";

type Slot = { inFlight?: Promise<string>; next?: Promise<string> };
const slots = new WeakMap<object, Slot>();

async function query(client: Client): Promise<string> {
  const res = await client.query(TEXT);
  return (res.rows[0] as { s: string }).s;
}

/** The current snapshot text, from a query started after this call. */
export function currentSnapshot(db: Db): Promise<string> {
  const client = (db as unknown as { $client?: Client }).$client;
  if (!client) throw new Error("currentSnapshot: not a root database handle");
  let slot = slots.get(client);
  if (!slot) slots.set(client, (slot = {}));
  const s = slot;
  if (!s.inFlight) {
    s.inFlight = query(client).finally(() => (s.inFlight = undefined));
    return s.inFlight;
  }
  s.next ??= s.inFlight
    .catch(() => undefined)
    .then(() => {
      s.next = undefined;
      return currentSnapshot(db);
    });
  return s.next;
}
