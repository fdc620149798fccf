import { EventEmitter } from "node:events";

// In-process signals between the API and the local worker. They only make things faster:
// the database stays the source of truth (workers also poll it), so a missed signal loses nothing.
// On PostgreSQL, other processes learn about queued runs from the job queue (graphile-worker's NOTIFY).
const g = globalThis as unknown as { __flowdeckBus?: EventEmitter };
export const bus: EventEmitter = (g.__flowdeckBus ??= new EventEmitter().setMaxListeners(1000));

export const notifyRunQueued = (runId: string) => bus.emit("run-queued", runId);
export const notifyStopRequested = (runId: string) => bus.emit("stop-requested", runId);
export const notifyRunFinished = (runId: string, state: string) => bus.emit("run-finished", runId, state);
