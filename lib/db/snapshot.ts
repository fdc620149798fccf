import type { Db } from "./client";

// The database's current snapshot (`pg_current_snapshot()`: xmin:xmax:in-progress xids) as a change token.
// Every transaction that writes gets a transaction id: while it runs its id is in the snapshot's in-progress
// list or at/after xmax; when it commits, that list or xmax changes. So two equal snapshot texts mean that no
// write committed in between — in any table, from any process or connection (app servers, worker processes,
// psql). A result computed after taking snapshot S is therefore still exact as long as the current snapshot
// is S. Writes that take no transaction id (sequence increments) never reach API responses.
//
// Calls coalesce: a call waits for the next query, which starts after it (at the end of the current event-loop
// turn, or when the query in flight ends), never for one already running; so each caller gets a snapshot
// taken after it called, and all the calls of a turn share one query. (PGlite runs a query synchronously, so
// without the wait for the end of the turn every call would make its own.)

type Client = {
  query: (text: string, values?: unknown[], opts?: object) => Promise<{ rows: unknown[] }>;
};

const TEXT = "SELECT pg_current_snapshot()::text AS s";

type Waiter = { resolve: (s: string) => void; reject: (e: unknown) => void };
type Slot = { waiting: Waiter[]; busy: boolean };
const slots = new WeakMap<object, Slot>();

function flush(client: Client, slot: Slot) {
  const batch = slot.waiting;
  slot.waiting = [];
  client
    .query(TEXT)
    .then(
      (res) => {
        const s = (res.rows[0] as { s: string }).s;
        for (const w of batch) w.resolve(s);
      },
      (err) => {
        for (const w of batch) w.reject(err);
      },
    )
    .finally(() => {
      if (slot.waiting.length) setImmediate(() => flush(client, slot));
      else slot.busy = false;
    });
}

/** The current snapshot text, from a query started after this call. */
export function currentSnapshot(db: Db): Promise<string> {
  const client = (db as unknown as { $client?: Client }).$client;
  if (!client) throw new Error("currentSnapshot: not a root database handle");
  let slot = slots.get(client);
  if (!slot) slots.set(client, (slot = { waiting: [], busy: false }));
  const s = slot;
  return new Promise<string>((resolve, reject) => {
    s.waiting.push({ resolve, reject });
    if (!s.busy) {
      s.busy = true;
      setImmediate(() => flush(client, s));
    }
  });
}
