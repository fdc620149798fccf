import pg from "pg";

// Cross-process "run queued" wake-up on PostgreSQL: the process that queued a run sends
// `NOTIFY flowdeck_runs`; worker processes `LISTEN flowdeck_runs` on a dedicated connection and claim at
// once instead of at their next poll. Like the in-process bus it is only a speed-up: workers keep polling,
// so a lost notification (or a listener that is reconnecting) costs at most one poll interval.

export const RUNS_CHANNEL = "flowdeck_runs";

type Queryable = { query: (text: string) => Promise<unknown> };

/**
 * A coalescing notifier: at most one NOTIFY in flight; calls made meanwhile collapse into one more NOTIFY
 * sent when it returns. Workers only need "something was queued" (they claim whatever is queued), so
 * under load this costs about one extra query per round trip, not one per run. Never throws.
 */
export function createPgRunNotifier(pool: Queryable): () => void {
  let inFlight = false;
  let pending = false;
  const send = () => {
    inFlight = true;
    pending = false;
    pool
      .query(`NOTIFY ${RUNS_CHANNEL}`)
      .catch((err: Error) => console.error("[engine] NOTIFY failed:", err.message))
      .finally(() => {
        inFlight = false;
        if (pending) send();
      });
  };
  return () => {
    if (inFlight) pending = true;
    else send();
  };
}

export type RunListener = { close: () => Promise<void>; readonly connected: boolean };

/**
 * LISTENs on `flowdeck_runs` with its own `pg.Client` (not a pool connection: a pooled one would be
 * handed to other queries). When the connection drops it reconnects with exponential backoff
 * (250 ms doubling up to 10 s) and calls `onNotify` once after every (re)connect, for runs queued while
 * it was away.
 */
export function listenForRuns(
  connectionString: string,
  onNotify: () => void,
  opts: { minBackoffMs?: number; maxBackoffMs?: number; log?: (msg: string) => void } = {},
): RunListener {
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 10_000;
  const log = opts.log ?? ((msg: string) => console.error(`[worker] ${msg}`));
  let backoff = minBackoff;
  let closed = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let connected = false;

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, backoff);
    timer.unref();
    backoff = Math.min(maxBackoff, backoff * 2);
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString, keepAlive: true, connectionTimeoutMillis: 5000 });
    client = c;
    let failed = false;
    const lost = (why: string) => {
      if (failed) return;
      failed = true;
      connected = false;
      if (client === c) client = undefined;
      c.removeAllListeners("notification");
      c.end().catch(() => undefined);
      if (!closed) {
        log(
          `LISTEN ${RUNS_CHANNEL} connection lost (${why}); reconnecting in ${backoff} ms, polling meanwhile`,
        );
        schedule();
      }
    };
    c.on("error", (err) => lost(err.message));
    c.on("end", () => lost("connection ended"));
    c.on("notification", (msg) => {
      if (msg.channel === RUNS_CHANNEL) onNotify();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${RUNS_CHANNEL}`);
      if (closed) {
        await c.end().catch(() => undefined);
        return;
      }
      connected = true;
      backoff = minBackoff;
      onNotify(); // anything queued while we were not listening
    } catch (err) {
      lost((err as Error).message);
    }
  };

  void connect();
  return {
    get connected() {
      return connected;
    },
    close: async () => {
      closed = true;
      connected = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners("notification");
        await c.end().catch(() => undefined);
      }
    },
  };
}
