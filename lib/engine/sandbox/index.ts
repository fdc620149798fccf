import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { SandboxErrorKind, SandboxResult } from "../../nodes/types";

/**
 * Sandbox for the `run-javascript` flow node: user code runs in QuickJS (WASM) inside a dedicated
 * `worker_threads` Worker per call. See README.md in this folder for the design and measured costs.
 */

export type SandboxLimits = {
  /** Wall-clock budget for the user code, in ms (default 1000). Worker startup is not counted. */
  timeoutMs?: number;
  /** Memory budget for the QuickJS heap, in MB (default 64). */
  memoryMb?: number;
};

export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MEMORY_MB = 64;
const MAX_TIMEOUT_MS = 15 * 60 * 1000;
const MIN_MEMORY_MB = 8;
const MAX_MEMORY_MB = 2048;
/** Extra time the host waits past timeoutMs before it kills the worker (the in-VM interrupt normally wins). */
const KILL_GRACE_MS = 300;
/** Budget for spawning the worker and instantiating the WASM module before user code starts. */
const STARTUP_TIMEOUT_MS = 15_000;

type WorkerMessage =
  | { type: "ready"; wasmModule?: WebAssembly.Module }
  | { type: "started" }
  | { type: "log"; line: string }
  | { type: "result"; ok: true; json: string }
  | { type: "result"; ok: false; kind: SandboxErrorKind; message: string };

let cachedWorkerPath: string | undefined;

/**
 * The worker is plain CommonJS loaded by Node directly. Resolved from the repo root (the app always runs
 * with cwd = repo root).
 */
function workerPath(): string {
  if (cachedWorkerPath) return cachedWorkerPath;
  const candidates = [path.join(process.cwd(), "lib", "engine", "sandbox", "worker.cjs")];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`Sandbox worker script not found (looked in: ${candidates.join(", ")})`);
  cachedWorkerPath = found;
  return found;
}

/** The compiled QuickJS WASM module, handed back by the first worker; sharing it shares V8's compiled code. */
let wasmModule: WebAssembly.Module | undefined;

function rememberModule(msg: WorkerMessage): void {
  if (msg.type === "ready" && msg.wasmModule instanceof WebAssembly.Module && !wasmModule) {
    wasmModule = msg.wasmModule;
  }
}

function spawnWorker(memoryMb: number, warmup: boolean): Worker {
  const worker = new Worker(workerPath(), {
    workerData: { memoryMb, warmup, wasmModule },
    // V8 heap of the worker: QuickJS's own heap lives in WASM memory (hard-capped inside the worker);
    // this covers the emscripten glue plus strings copied out of the VM (results, logs).
    resourceLimits: {
      maxOldGenerationSizeMb: 64 + memoryMb * 2,
      maxYoungGenerationSizeMb: 16,
      stackSizeMb: 4,
    },
    env: {},
    execArgv: [],
    argv: [],
    stdout: true,
    stderr: true,
  });
  return worker;
}

/**
 * One pre-warmed worker (engine loaded, waiting for its job) hides the ~100 ms startup from the next call.
 * Every worker still runs exactly one job, so no state is ever shared between executions.
 */
type Spare = { worker: Worker; memoryMb: number; dead: boolean };
let spare: Spare | undefined;
let prewarmEnabled = true;

function makeSpare(memoryMb: number): void {
  if (!prewarmEnabled || spare) return;
  let worker: Worker;
  try {
    worker = spawnWorker(memoryMb, true);
  } catch {
    return;
  }
  const entry: Spare = { worker, memoryMb, dead: false };
  const drop = () => {
    entry.dead = true;
    if (spare === entry) spare = undefined;
  };
  worker.on("error", drop);
  worker.on("exit", drop);
  worker.on("message", rememberModule);
  worker.unref(); // an idle spare must not keep the process alive
  spare = entry;
}

function acquireWorker(memoryMb: number): Worker {
  const s = spare;
  let worker: Worker;
  if (s && !s.dead && s.memoryMb === memoryMb) {
    spare = undefined;
    s.worker.removeAllListeners("error");
    s.worker.removeAllListeners("exit");
    s.worker.removeAllListeners("message");
    s.worker.ref();
    worker = s.worker;
  } else {
    worker = spawnWorker(memoryMb, false);
  }
  // Nothing should be printed by the worker; drain the streams so they never buffer up. (Only once the
  // worker is in use: a flowing stdio stream would keep the process alive despite `unref()`.)
  worker.stdout.resume();
  worker.stderr.resume();
  return worker;
}

/** Terminates the pre-warmed worker and optionally disables pre-warming (tests, graceful shutdown). */
export async function shutdownSandbox(options?: { disablePrewarm?: boolean }): Promise<void> {
  if (options?.disablePrewarm) prewarmEnabled = false;
  const s = spare;
  spare = undefined;
  if (s) await s.worker.terminate().catch(() => undefined);
}

function clamp(n: number | undefined, fallback: number, min: number, max: number): number {
  if (typeof n !== "number" || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(n)));
}

function abortError(signal: AbortSignal): { message: string; kind: SandboxErrorKind } {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "TimeoutError") {
    return { message: "Execution timed out (aborted)", kind: "timeout" };
  }
  const detail = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "";
  return { message: detail ? `Execution aborted: ${detail}` : "Execution aborted", kind: "error" };
}

/*
 * Jobs queue to the core count: with more workers than cores each job's wall-clock time would stretch
 * with the load (40 parallel runs all timed out), so at most `slots` run at once and a job's timeout starts
 * only when its code starts executing.
 */
const slots = Math.max(1, os.availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

function acquireSlot(signal?: AbortSignal): Promise<boolean> {
  if (running < slots) {
    running++;
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const grant = () => {
      signal?.removeEventListener("abort", onAbort);
      running++;
      resolve(true);
    };
    const onAbort = () => {
      const i = waiting.indexOf(grant);
      if (i >= 0) waiting.splice(i, 1);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    waiting.push(grant);
  });
}

function releaseSlot(): void {
  running--;
  waiting.shift()?.();
}

/**
 * Runs `code` (`module.exports = async function (args) { ... }`) with `args` in an isolated QuickJS VM.
 * Never throws for user-code problems; every failure is reported as `{ ok: false }`.
 */
export async function runJavaScript(
  code: string,
  args: unknown,
  limits?: SandboxLimits,
  signal?: AbortSignal,
): Promise<SandboxResult> {
  const logs: string[] = [];
  const timeoutMs = clamp(limits?.timeoutMs, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
  const memoryMb = clamp(limits?.memoryMb, DEFAULT_MEMORY_MB, MIN_MEMORY_MB, MAX_MEMORY_MB);

  if (typeof code !== "string") {
    return { ok: false, error: { message: "Code must be a string", kind: "error" }, logs };
  }
  if (signal?.aborted) return { ok: false, error: abortError(signal), logs };

  let argsJson: string | undefined;
  try {
    argsJson = args === undefined ? undefined : JSON.stringify(args);
  } catch (e) {
    const message = `Arguments are not JSON-serialisable: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, error: { message, kind: "error" }, logs };
  }

  if (!(await acquireSlot(signal))) return { ok: false, error: abortError(signal!), logs };
  try {
    return await runInWorker(code, argsJson, timeoutMs, memoryMb, logs, signal);
  } finally {
    releaseSlot();
  }
}

async function runInWorker(
  code: string,
  argsJson: string | undefined,
  timeoutMs: number,
  memoryMb: number,
  logs: string[],
  signal?: AbortSignal,
): Promise<SandboxResult> {
  let worker: Worker;
  try {
    worker = acquireWorker(memoryMb);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const kind: SandboxErrorKind = e instanceof RangeError ? "memory" : "error";
    return { ok: false, error: { message: `Could not start sandbox: ${message}`, kind }, logs };
  }
  worker.postMessage({ type: "run", code, argsJson, timeoutMs });

  return await new Promise<SandboxResult>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined = setTimeout(() => {
      settle({ ok: false, error: { message: "Sandbox failed to start in time", kind: "error" }, logs });
    }, STARTUP_TIMEOUT_MS);

    const onAbort = () => settle({ ok: false, error: abortError(signal!), logs });

    function settle(result: SandboxResult) {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      signal?.removeEventListener("abort", onAbort);
      worker.removeAllListeners("message");
      // Terminating also stops a worker stuck in a loop; errors from an already-dead worker are irrelevant.
      worker.terminate().catch(() => undefined);
      // Warm the next worker once this call is done, so it does not compete with the user code for CPU.
      setImmediate(() => makeSpare(memoryMb));
      resolve(result);
    }

    signal?.addEventListener("abort", onAbort, { once: true });

    worker.on("message", (msg: WorkerMessage) => {
      switch (msg.type) {
        case "ready":
          rememberModule(msg);
          break;
        case "started":
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            settle({ ok: false, error: { message: "Execution timed out", kind: "timeout" }, logs });
          }, timeoutMs + KILL_GRACE_MS);
          break;
        case "log":
          logs.push(msg.line);
          break;
        case "result":
          if (msg.ok) {
            let result: unknown;
            try {
              result = JSON.parse(msg.json);
            } catch {
              settle({ ok: false, error: { message: "Result could not be decoded", kind: "error" }, logs });
              return;
            }
            settle({ ok: true, result, logs });
          } else {
            settle({ ok: false, error: { message: msg.message, kind: msg.kind }, logs });
          }
          break;
      }
    });

    worker.on("error", (err: Error & { code?: string }) => {
      const oom =
        err.code === "ERR_WORKER_OUT_OF_MEMORY" ||
        err instanceof RangeError ||
        /out of memory|allocation failed/i.test(err.message);
      settle(
        oom
          ? { ok: false, error: { message: "Memory limit exceeded", kind: "memory" }, logs }
          : { ok: false, error: { message: `Sandbox failed: ${err.message}`, kind: "error" }, logs },
      );
    });

    worker.on("exit", (exitCode) => {
      settle({
        ok: false,
        error: { message: `Sandbox exited unexpectedly (code ${exitCode})`, kind: "error" },
        logs,
      });
    });
  });
}
