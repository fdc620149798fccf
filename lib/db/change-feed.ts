import { sql } from "drizzle-orm";
import type { Db } from "./client";

// PostgreSQL transport of the change stream (lib/engine/changes.ts): one NOTIFY per published batch, and a
// dedicated LISTEN connection per process. NOTIFY payloads are limited to 8000 bytes: a larger batch is
// split into as few notifications as fit.
export const CHANGE_CHANNEL = "flowdeck_changes";
const MAX_PAYLOAD = 7900;

/** Sends `items` (already-serialised JSON values) as NOTIFY payloads `{"o":origin,"e":[...]}`. */
export async function notifyChanges(db: Db, origin: string, items: string[]): Promise<void> {
  const head = `{"o":${JSON.stringify(origin)},"e":[`;
  const payloads: string[] = [];
  let current: string[] = [];
  let size = head.length + 2;
  for (const item of items) {
    if (current.length && size + item.length + 1 > MAX_PAYLOAD) {
      payloads.push(`${head}${current.join(",")}]}`);
      current = [];
      size = head.length + 2;
    }
    if (head.length + item.length + 2 > MAX_PAYLOAD) continue; // never: events are a few hundred bytes
    current.push(item);
    size += item.length + 1;
  }
  if (current.length) payloads.push(`${head}${current.join(",")}]}`);
  for (const p of payloads) await db.execute(sql`SELECT pg_notify(${CHANGE_CHANNEL}, ${p})`);
}

export type ChangeListener = { close: () => Promise<void> };

/**
 * LISTENs on the change channel with its own connection, reconnecting after a lost one. `onGap` is called
 * when notifications may have been missed (the connection was lost), so subscribers can resynchronise.
 */
export function listenChanges(
  databaseUrl: string,
  onPayload: (payload: string) => void,
  onGap: () => void,
): ChangeListener {
  let closed = false;
  let client: import("pg").Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const { Client } = await import("pg");
    const c = new Client({ connectionString: databaseUrl });
    client = c;
    c.on("notification", (msg) => {
      if (msg.channel === CHANGE_CHANNEL && msg.payload) onPayload(msg.payload);
    });
    const lost = () => {
      if (closed || client !== c) return;
      client = undefined;
      onGap();
      c.end().catch(() => undefined);
      retry = setTimeout(() => void connect().catch(lost), 1000);
      retry.unref?.();
    };
    c.on("error", (err) => {
      console.error("[changes] listen connection:", err.message);
      lost();
    });
    c.on("end", lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (err) {
      console.error("[changes] cannot listen:", (err as Error).message);
      lost();
    }
  };
  void connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
