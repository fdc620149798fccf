"use strict";
/*
 * Flowdeck `run-javascript` sandbox worker.
 *
 * Runs ONE piece of user code inside QuickJS (a separate JS engine compiled to WASM) and reports back
 * to the host over `parentPort`. Plain CommonJS on purpose: it is loaded directly by Node (`new Worker(path)`)
 * both under Vitest and inside a bundled Next.js server, so it must not need any transpilation.
 *
 * Layers of protection applied here (the host adds worker `resourceLimits` and a wall-clock kill on top):
 *   - QuickJS runtime memory limit (`setMemoryLimit`) and max stack size;
 *   - a hard cap on the WASM linear memory (`WebAssembly.Memory` with `maximum`), so even allocations that
 *     slip past QuickJS's accounting cannot grow the heap past memoryMb + headroom;
 *   - an interrupt handler with a deadline (user code is stopped with `InternalError: interrupted`).
 *
 * Protocol: workerData = { memoryMb, warmup, wasmModule? }. The worker loads QuickJS (reusing the host's
 * compiled WebAssembly.Module when given), optionally runs a warm-up job (spare workers), posts "ready",
 * then runs exactly one { type: "run", code, argsJson, timeoutMs } job; the host terminates it afterwards.
 * Messages to the host:
 *   { type: "ready", wasmModule? }            engine loaded (+ the module it compiled, for the host to cache)
 *   { type: "started" }                       user code is about to run (host arms its wall-clock timer)
 *   { type: "log", line }                     one console line (already capped)
 *   { type: "result", ok: true, json }        JSON text of the return value
 *   { type: "result", ok: false, kind, message }
 */

const { parentPort, workerData, receiveMessageOnPort } = require("node:worker_threads");
const {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  RELEASE_SYNC,
  shouldInterruptAfterDeadline,
} = require("quickjs-emscripten");

const WASM_PAGE = 64 * 1024;
const MB = 1024 * 1024;
/** WASM heap room on top of the QuickJS memory limit: static data, emscripten stack, allocator slack. */
const WASM_HEADROOM_MB = 24;
const MAX_STACK_BYTES = 512 * 1024;
const MAX_LOG_LINES = 1000;
const MAX_LOG_LINE_CHARS = 10_000;
const MAX_LOG_TOTAL_CHARS = 1_000_000;

/**
 * Code evaluated inside QuickJS before the user code: installs console, module/exports and timers, and
 * returns the driver function. The driver captures JSON/Promise up front, so user code that overwrites
 * globals cannot break argument passing or result encoding.
 */
const PRELUDE = `
(function (hostLog, hostTimer) {
  "use strict";
  var g = globalThis;
  var stringify = JSON.stringify;
  var parse = JSON.parse;
  var P = Promise;
  var then = Promise.prototype.then;
  var resolved = Promise.resolve.bind(Promise);

  function fmt(v) {
    if (typeof v === "string") return v;
    if (v instanceof Error) return v.name + ": " + v.message;
    if (typeof v === "undefined" || typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
      return String(v);
    }
    try {
      var s = stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }
  function mk(level) {
    return function () {
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(fmt(arguments[i]));
      hostLog(level, parts.join(" "));
    };
  }
  g.console = {
    log: mk("log"), info: mk("info"), warn: mk("warn"), error: mk("error"), debug: mk("debug"), trace: mk("trace"),
  };
  var mod = { exports: {} };
  g.module = mod;
  g.exports = mod.exports;

  var timers = new Map();
  var nextId = 1;
  g.setTimeout = function (fn, ms) {
    if (typeof fn !== "function") throw new TypeError("setTimeout: callback must be a function");
    var id = nextId++;
    var rest = Array.prototype.slice.call(arguments, 2);
    timers.set(id, { fn: fn, args: rest });
    hostTimer(id, Math.max(0, Number(ms) || 0));
    return id;
  };
  g.clearTimeout = function (id) {
    if (timers.delete(id)) hostTimer(id, -1);
  };
  g.setImmediate = function (fn) {
    var rest = Array.prototype.slice.call(arguments, 1);
    return g.setTimeout.apply(null, [fn, 0].concat(rest));
  };
  g.clearImmediate = g.clearTimeout;
  g.queueMicrotask = function (fn) {
    then.call(resolved(), function () { fn(); });
  };
  Object.defineProperty(g, "__flowdeckRunTimer", {
    value: function (id) {
      var t = timers.get(id);
      if (!t) return;
      timers.delete(id);
      t.fn.apply(null, t.args);
    },
  });

  function pick() {
    var m = g.module && typeof g.module === "object" ? g.module.exports : mod.exports;
    if (typeof m === "function") return m;
    if (m && typeof m.default === "function") return m.default;
    if (g.exports && typeof g.exports.default === "function") return g.exports.default;
    if (typeof g.run === "function") return g.run;
    if (typeof g.main === "function") return g.main;
    return null;
  }

  // The driver: finds the user's entry function, calls it, resolves to the JSON text of the result.
  return function (argsJson) {
    var fn = pick();
    if (!fn) {
      throw new TypeError("No function exported: use 'module.exports = async function ({ input }) { ... }'");
    }
    var args = argsJson === undefined ? undefined : parse(argsJson);
    var p = new P(function (resolve) { resolve(fn(args)); });
    return then.call(p, function (r) {
      var s;
      try {
        s = stringify(r === undefined ? null : r);
      } catch (e) {
        throw new TypeError("Result is not JSON-serialisable: " + (e && e.message));
      }
      return s === undefined ? "null" : s;
    });
  };
})
`;

function post(msg) {
  parentPort.postMessage(msg);
}

/** Maps a dumped QuickJS error (or anything thrown) to a result kind + message. */
function classify(err, defaultKind) {
  let name = "";
  let message = "";
  if (err && typeof err === "object") {
    name = typeof err.name === "string" ? err.name : "";
    message = typeof err.message === "string" ? err.message : "";
    if (!name && !message) {
      try {
        message = JSON.stringify(err);
      } catch {
        message = String(err);
      }
    }
  } else {
    message = String(err);
  }
  if (name === "InternalError" && /interrupted/.test(message)) {
    return { kind: "timeout", message: "Execution timed out" };
  }
  if (/out of memory/i.test(message)) {
    return { kind: "memory", message: "Memory limit exceeded" };
  }
  if (name === "InternalError" && /string too long/.test(message)) {
    return { kind: "memory", message: "Memory limit exceeded (" + message + ")" };
  }
  if (name === "InternalError" && /stack overflow/.test(message)) {
    return { kind: "error", message: "RangeError: Maximum call stack size exceeded" };
  }
  if (name === "SyntaxError" && defaultKind === "syntax") {
    return { kind: "syntax", message: "SyntaxError: " + message };
  }
  const text = name && name !== "Error" ? name + ": " + message : message || name || "Unknown error";
  return { kind: defaultKind === "syntax" ? "syntax" : "error", message: text };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs one job in a fresh QuickJS runtime of `QuickJS` and resolves to the result message.
 * `emit` receives "started" and "log" messages. Handles are released via `cleanups` (run last-in first-out
 * by the caller; only needed for the warm-up run, a real job's worker is terminated afterwards).
 */
async function execute(QuickJS, wasmMemory, job, memoryMb, emit, cleanups) {
  const { code, argsJson, timeoutMs } = job;
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(memoryMb * MB);
  runtime.setMaxStackSize(MAX_STACK_BYTES);
  const vm = runtime.newContext();
  cleanups.push(
    () => vm.dispose(),
    () => runtime.dispose(),
  );

  // ---- host functions -------------------------------------------------------------------------
  let logLines = 0;
  let logChars = 0;
  let logTruncated = false;
  const logFn = vm.newFunction("hostLog", (_levelH, msgH) => {
    if (logTruncated) return;
    if (logLines >= MAX_LOG_LINES || logChars >= MAX_LOG_TOTAL_CHARS) {
      logTruncated = true;
      emit({ type: "log", line: "[log output truncated]" });
      return;
    }
    let line = vm.getString(msgH);
    if (line.length > MAX_LOG_LINE_CHARS) line = line.slice(0, MAX_LOG_LINE_CHARS) + "… [truncated]";
    logLines += 1;
    logChars += line.length;
    emit({ type: "log", line });
  });
  /** id -> due time (ms since epoch); ms < 0 clears. */
  const timers = new Map();
  const timerFn = vm.newFunction("hostTimer", (idH, msH) => {
    const id = vm.getNumber(idH);
    const ms = vm.getNumber(msH);
    if (ms < 0) timers.delete(id);
    else timers.set(id, Date.now() + ms);
  });

  const preludeFn = vm.unwrapResult(vm.evalCode(PRELUDE, "flowdeck-prelude.js"));
  const driverFn = vm.unwrapResult(vm.callFunction(preludeFn, vm.undefined, logFn, timerFn));
  cleanups.push(() => driverFn.dispose());
  preludeFn.dispose();
  logFn.dispose();
  timerFn.dispose();

  const finish = (msg) => ({ type: "result", ...msg });
  // WASM memory never shrinks, so its size is a high-water mark of what the user code allocated.
  const baselineBytes = wasmMemory.buffer.byteLength;
  const maxBytes = (memoryMb + WASM_HEADROOM_MB) * MB;
  const memoryWasExhausted = () => {
    const size = wasmMemory.buffer.byteLength;
    return size - baselineBytes >= 0.5 * memoryMb * MB || size >= 0.9 * maxBytes;
  };
  const fail = (errHandle, defaultKind) => {
    let dumped;
    let dumpFailed = false;
    try {
      dumped = vm.dump(errHandle);
    } catch (e) {
      dumped = e;
      dumpFailed = true;
    }
    try {
      errHandle.dispose();
    } catch {
      // ignore
    }
    // When QuickJS runs out of memory it may not even manage to allocate the InternalError: the exception
    // is then empty (null/undefined). Recognise that case by the heap's high-water mark.
    if ((dumped === null || dumped === undefined || dumpFailed) && memoryWasExhausted()) {
      return finish({ ok: false, kind: "memory", message: "Memory limit exceeded" });
    }
    return finish({ ok: false, ...classify(dumped, defaultKind) });
  };

  // ---- compile (syntax check) ------------------------------------------------------------------
  {
    const compiled = vm.evalCode(code, "user-code.js", { compileOnly: true });
    if (compiled.error) return fail(compiled.error, "syntax");
    compiled.value.dispose();
  }

  const deadline = Date.now() + timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  emit({ type: "started" });

  // ---- evaluate the module body -----------------------------------------------------------------
  {
    const evaluated = vm.evalCode(code, "user-code.js");
    if (evaluated.error) return fail(evaluated.error, "error");
    evaluated.value.dispose();
  }

  // ---- call the exported function -----------------------------------------------------------------
  const argH = argsJson === undefined ? vm.undefined : vm.newString(argsJson);
  const called = vm.callFunction(driverFn, vm.undefined, argH);
  if (argsJson !== undefined) argH.dispose();
  if (called.error) return fail(called.error, "error");
  const promise = called.value;
  cleanups.push(() => promise.dispose());

  for (;;) {
    const jobs = runtime.executePendingJobs(-1);
    if (jobs.error) return fail(jobs.error, "error");

    const state = vm.getPromiseState(promise);
    if (state.type === "fulfilled") {
      const json = vm.getString(state.value);
      state.value.dispose();
      return finish({ ok: true, json });
    }
    if (state.type === "rejected") return fail(state.error, "error");

    // Still pending: the only thing that can make progress is a timer.
    if (timers.size === 0) {
      return finish({
        ok: false,
        kind: "error",
        message: "The returned promise never settled (nothing left to wait for)",
      });
    }
    let nextId = 0;
    let nextDue = Infinity;
    for (const [id, due] of timers) {
      if (due < nextDue) {
        nextDue = due;
        nextId = id;
      }
    }
    if (nextDue > deadline) {
      await sleep(Math.max(0, deadline - Date.now()));
      return finish({ ok: false, kind: "timeout", message: "Execution timed out" });
    }
    const wait = nextDue - Date.now();
    if (wait > 0) await sleep(wait);
    timers.delete(nextId);
    const fired = vm.evalCode(`__flowdeckRunTimer(${nextId})`, "flowdeck-timer.js");
    if (fired.error) return fail(fired.error, "error");
    fired.value.dispose();
  }
}

function runCleanups(cleanups) {
  while (cleanups.length > 0) {
    try {
      cleanups.pop()();
    } catch {
      // best effort
    }
  }
}

const WARMUP_JOB = {
  code: [
    "module.exports = async function ({ input }) {",
    "  console.log('warm', { a: [1, 2] });",
    "  await new Promise((r) => setTimeout(r, 0));",
    "  const out = [];",
    "  for (let i = 0; i < 200; i++) out.push({ i, s: String(i) + input.x, ok: i % 2 === 0 });",
    "  try { JSON.parse('{'); } catch (e) { out.push(e.message); }",
    "  return JSON.parse(JSON.stringify(out)).length;",
    "};",
  ].join("\n"),
  argsJson: JSON.stringify({ input: { x: "y" } }),
  timeoutMs: 5000,
};

function loadWasmModule() {
  const fs = require("node:fs");
  const path = require("node:path");
  const wasmPath = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm", {
    paths: [path.dirname(require.resolve("quickjs-emscripten"))],
  });
  return new WebAssembly.Module(fs.readFileSync(wasmPath));
}

async function main() {
  const { memoryMb, warmup } = workerData;
  // Compiled WASM code is shared between workers when the host hands back the module we post in "ready".
  let wasmModule = workerData.wasmModule;
  let compiledHere = false;
  if (!(wasmModule instanceof WebAssembly.Module)) {
    try {
      wasmModule = loadWasmModule();
      compiledHere = true;
    } catch {
      wasmModule = undefined; // let emscripten locate and compile the file itself
    }
  }

  const maxPages = Math.ceil(((memoryMb + WASM_HEADROOM_MB) * MB) / WASM_PAGE);
  const wasmMemory = new WebAssembly.Memory({ initial: Math.min(256, maxPages), maximum: maxPages });
  const QuickJS = await newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, wasmModule ? { wasmModule, wasmMemory } : { wasmMemory }),
  );

  // A job may already be queued (the host took this spare while it was still loading): then skip warm-up.
  const queued = receiveMessageOnPort(parentPort);
  if (!queued && warmup) {
    // A pre-warmed (spare) worker runs a representative job once so V8 has compiled the glue code and
    // the hot WASM functions before the real job arrives (cuts first-run latency from ~20-100 ms to ~5 ms).
    const cleanups = [];
    try {
      await execute(QuickJS, wasmMemory, WARMUP_JOB, memoryMb, () => undefined, cleanups);
    } catch {
      // ignore: the real job will report any problem
    }
    runCleanups(cleanups);
  }

  post({ type: "ready", wasmModule: compiledHere ? wasmModule : undefined });
  const job = queued ? queued.message : await new Promise((resolve) => parentPort.once("message", resolve));
  const result = await execute(QuickJS, wasmMemory, job, memoryMb, post, []);
  post(result);
}

main().catch((err) => {
  // Errors escaping QuickJS into the worker itself (e.g. a WASM abort or a failed allocation).
  const message = err && err.message ? String(err.message) : String(err);
  const kind = err instanceof RangeError || /memory|alloc/i.test(message) ? "memory" : "error";
  try {
    post({ type: "result", ok: false, kind, message: kind === "memory" ? "Memory limit exceeded" : message });
  } catch {
    // The host will see the worker exit.
  }
});
