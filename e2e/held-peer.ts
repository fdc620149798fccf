import http from "node:http";
import type { AddressInfo } from "node:net";

// The local app an HTTP node calls in the tests that watch a run mid-flight (Playwright specs and the engine's
// Vitest suites alike): on 127.0.0.1 (the suites allow-list it: OUTBOUND_ALLOW_HOSTS), it holds each answer
// until `release()` when started `held`, then waits `?ms=N` (or `delayMs`) more, and answers `body`. A caller
// that goes away stops its wait.

export type HeldPeer = {
  origin: string;
  /** The peer's address; with `ms`, each answer waits that long (after the release, when held). */
  url: (ms?: number) => string;
  /** Lets every held answer (and every later one) go. */
  release: () => void;
  /** Requests received so far. */
  requests: () => number;
  close: () => Promise<void>;
};

export async function startHeldPeer({
  held = true,
  delayMs = 0,
  body = { ok: true },
}: { held?: boolean; delayMs?: number; body?: unknown } = {}): Promise<HeldPeer> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  if (!held) release();
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const ms = Number(new URL(req.url ?? "/", "http://peer").searchParams.get("ms") ?? delayMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gone = false;
    res.on("close", () => {
      gone = true;
      clearTimeout(timer);
    });
    void released.then(() => {
      if (gone) return;
      timer = setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      }, ms);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (ms) => `${origin}/peer${ms === undefined ? "" : `?ms=${ms}`}`,
    release,
    requests: () => requests,
    close: () => {
      release();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
