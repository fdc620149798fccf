import { EventEmitter } from "node:events";

// In-process signals between the API and the local worker. They only make things faster:
// the database stays the source of truth (workers also poll it), so a missed signal loses nothing.
const g = globalThis as unknown as {
  __flowdeckBus?: EventEmitter;
  __flowdeckRemoteRunNotifier?: (runId: string) => void;
};
export const bus: EventEmitter = (g.__flowdeckBus ??= new EventEmitter().setMaxListeners(1000));

/**
 * A notifier for workers in other processes (on PostgreSQL: `NOTIFY flowdeck_runs`, see pg-notify.ts),
 * registered by lib/db/client.ts when the process's database is PostgreSQL. Called after the run's
 * transaction committed, next to the in-process signal. `undefined` unregisters.
 */
export function setRemoteRunNotifier(fn: ((runId: string) => void) | undefined) {
  g.__flowdeckRemoteRunNotifier = fn;
}

export const notifyRunQueued = (runId: string) => {
  bus.emit("run-queued", runId);
  g.__flowdeckRemoteRunNotifier?.(runId);
};
export const notifyStopRequested = (runId: string) => bus.emit("stop-requested", runId);
export const notifyRunFinished = (runId: string, state: string) => bus.emit("run-finished", runId, state);
