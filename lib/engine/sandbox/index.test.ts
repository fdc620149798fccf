import { afterAll, describe, expect, it } from "vitest";
import os from "node:os";
import type { SandboxResult } from "../../nodes/types";
import { runJavaScript, shutdownSandbox } from "./index";

afterAll(async () => {
  await shutdownSandbox();
});

function expectOk(r: SandboxResult): unknown {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.result;
}

function expectFail(r: SandboxResult): { message: string; kind: string } {
  if (r.ok) throw new Error(`expected failure, got result ${JSON.stringify(r.result)}`);
  return r.error;
}

/** The host must still run code normally after a hostile run. */
async function expectHealthy(): Promise<void> {
  const r = await runJavaScript("module.exports = async function ({ input }) { return input * 2 }", {
    input: 21,
  });
  expect(expectOk(r)).toBe(42);
}

describe("runJavaScript: results, async and logs", () => {
  it("returns a value from module.exports = async function({input})", async () => {
    const r = await runJavaScript("module.exports = async function({input}) { return input.a + 1 }", {
      input: { a: 1 },
    });
    expect(r).toEqual({ ok: true, result: 2, logs: [] });
  });

  it("passes the whole args object (input, parameters, ...)", async () => {
    const code = `module.exports = async function ({ input, parameters, ...rest }) {
      return { sum: input.x + parameters.y, rest };
    }`;
    const r = await runJavaScript(code, { input: { x: 2 }, parameters: { y: 3 }, user: { id: "u1" } });
    expect(expectOk(r)).toEqual({ sum: 5, rest: { user: { id: "u1" } } });
  });

  it("supports async/await, Promise.resolve, Promise.all, microtasks and setTimeout", async () => {
    const code = `module.exports = async function ({ input }) {
      const a = await Promise.resolve(input);
      const b = await new Promise((resolve) => setTimeout(() => resolve(10), 20));
      const [c, d] = await Promise.all([Promise.resolve(1), (async () => 2)()]);
      let e = 0;
      queueMicrotask(() => { e = 5; });
      await null;
      return a + b + c + d + e;
    }`;
    expect(expectOk(await runJavaScript(code, { input: 100 }))).toBe(118);
  });

  it("accepts exports.default, module.exports.default and a plain run(args) function", async () => {
    const a = await runJavaScript("exports.default = async (args) => args.v", { v: 1 });
    const b = await runJavaScript("module.exports = { default: async (args) => args.v }", { v: 2 });
    const c = await runJavaScript("async function run(args) { return args.v }", { v: 3 });
    const d = await runJavaScript("module.exports = (args) => args.v * 2", { v: 4 }); // sync function
    expect([expectOk(a), expectOk(b), expectOk(c), expectOk(d)]).toEqual([1, 2, 3, 8]);
  });

  it("returns JSON-parsed results (undefined -> null, Date -> string, no functions)", async () => {
    const code = `module.exports = async () => ({ d: new Date(0), f: () => 1, u: undefined, n: null, arr: [1, "x"] })`;
    expect(expectOk(await runJavaScript(code, {}))).toEqual({
      d: "1970-01-01T00:00:00.000Z",
      n: null,
      arr: [1, "x"],
    });
    expect(expectOk(await runJavaScript("module.exports = async () => {}", {}))).toBeNull();
  });

  it("reports a non-serialisable result as an error", async () => {
    const e = expectFail(await runJavaScript("module.exports = async () => 10n", {}));
    expect(e.kind).toBe("error");
    expect(e.message).toMatch(/not JSON-serialisable/);
  });

  it("captures console.log/info/warn/error lines, JSON-stringifying objects", async () => {
    const code = `module.exports = async function () {
      console.log("hello", 1, { a: [1, 2] });
      console.info("info");
      await Promise.resolve();
      console.warn("warn", null, undefined);
      console.error(new Error("bad"));
      return "done";
    }`;
    const r = await runJavaScript(code, {});
    expect(r).toEqual({
      ok: true,
      result: "done",
      logs: ['hello 1 {"a":[1,2]}', "info", "warn null undefined", "Error: bad"],
    });
  });

  it("keeps logs written before a failure", async () => {
    const r = await runJavaScript(
      "module.exports = async () => { console.log('before'); throw new Error('x') }",
      {},
    );
    expect(r.logs).toEqual(["before"]);
    expect(expectFail(r).message).toBe("x");
  });

  it("caps log output", async () => {
    const r = await runJavaScript(
      "module.exports = async () => { for (let i = 0; i < 5000; i++) console.log(i) }",
      {},
    );
    expectOk(r);
    expect(r.logs.length).toBe(1001);
    expect(r.logs.at(-1)).toMatch(/truncated/);
  });

  it("runs calls concurrently with isolated state", async () => {
    const code = `globalThis.counter = (globalThis.counter || 0) + 1;
      module.exports = async ({ input }) => ({ input, counter: globalThis.counter })`;
    const results = await Promise.all([1, 2, 3, 4].map((i) => runJavaScript(code, { input: i })));
    expect(results.map(expectOk)).toEqual([1, 2, 3, 4].map((i) => ({ input: i, counter: 1 })));
  });
});

describe("runJavaScript: errors", () => {
  it("reports a syntax error with kind 'syntax' and a clear message", async () => {
    const e = expectFail(await runJavaScript("module.exports = async function( { return 1 }", {}));
    expect(e.kind).toBe("syntax");
    expect(e.message).toMatch(/^SyntaxError: /);
  });

  it("reports a thrown error with kind 'error' and its message", async () => {
    const e = expectFail(await runJavaScript("module.exports = async () => { throw new Error('boom') }", {}));
    expect(e).toEqual({ kind: "error", message: "boom" });
  });

  it("reports thrown non-errors, TypeErrors and rejected promises", async () => {
    const a = expectFail(await runJavaScript("module.exports = async () => { throw 'plain string' }", {}));
    expect(a).toEqual({ kind: "error", message: "plain string" });
    const b = expectFail(await runJavaScript("module.exports = async () => null.x", {}));
    expect(b.kind).toBe("error");
    expect(b.message).toMatch(/^TypeError: /);
    const c = expectFail(
      await runJavaScript("module.exports = () => Promise.reject(new RangeError('r'))", {}),
    );
    expect(c).toEqual({ kind: "error", message: "RangeError: r" });
    const d = expectFail(await runJavaScript("module.exports = async () => { throw null }", {}));
    expect(d).toEqual({ kind: "error", message: "null" });
  });

  it("reports a runtime error in top-level code as 'error', not 'syntax'", async () => {
    const e = expectFail(await runJavaScript("JSON.parse('{'); module.exports = async () => 1", {}));
    expect(e.kind).toBe("error");
  });

  it("reports missing exports and a promise that can never settle", async () => {
    const a = expectFail(await runJavaScript("const x = 1;", {}));
    expect(a.message).toMatch(/No function exported/);
    const b = expectFail(await runJavaScript("module.exports = () => new Promise(() => {})", {}));
    expect(b.message).toMatch(/never settled/);
  });

  it("reports unbounded recursion as an error", async () => {
    const e = expectFail(
      await runJavaScript("module.exports = async () => { const f = () => f() + 1; return f() }", {}),
    );
    expect(e.kind).toBe("error");
    expect(e.message).toMatch(/call stack/);
  });

  it("rejects arguments that are not JSON-serialisable", async () => {
    const args: Record<string, unknown> = {};
    args.self = args;
    const e = expectFail(await runJavaScript("module.exports = async () => 1", args));
    expect(e.message).toMatch(/Arguments are not JSON-serialisable/);
  });
});

describe("runJavaScript: time limits", () => {
  it.each([
    ["in the function", "module.exports = async () => { while (true) {} }"],
    ["at top level", "while (true) {}"],
    ["after an await", "module.exports = async () => { await null; for (;;) {} }"],
    ["in a timer callback", "module.exports = () => new Promise(() => setTimeout(() => { for (;;) {} }, 1))"],
    [
      "that swallows exceptions",
      "module.exports = async () => { for (;;) { try { while (true) {} } catch (e) {} } }",
    ],
  ])("stops an infinite loop %s with kind 'timeout' within ~2 s", async (_name, code) => {
    const started = Date.now();
    const e = expectFail(await runJavaScript(code, {}));
    const elapsed = Date.now() - started;
    expect(e.kind).toBe("timeout");
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(2500); // 1 s budget + worker start-up + kill grace, with slack for a loaded CI box
    await expectHealthy();
  });

  it("honours a custom timeoutMs and times out a long setTimeout wait", async () => {
    const started = Date.now();
    const e = expectFail(
      await runJavaScript(
        "module.exports = () => new Promise((r) => setTimeout(r, 60000))",
        {},
        { timeoutMs: 200 },
      ),
    );
    expect(e.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe("runJavaScript: memory limits", () => {
  const bombs: [string, string][] = [
    [
      "array of arrays",
      "module.exports = async () => { const a = []; while (true) a.push(new Array(1e6).fill(1)) }",
    ],
    [
      "string doubling",
      "module.exports = async () => { let s = 'x'; while (true) { s = s + s; s.charCodeAt(s.length - 1) } }",
    ],
    [
      "string doubling via concat/join",
      "module.exports = async () => { let s = 'ab'; while (true) s = [s, s].join('') }",
    ],
    ["huge repeat", "module.exports = async () => 'x'.repeat(2 ** 29).length"],
    [
      "array buffers",
      "module.exports = async () => { const a = []; while (true) a.push(new ArrayBuffer(1e7)) }",
    ],
    ["one huge buffer", "module.exports = async () => new ArrayBuffer(2 ** 31 - 1).byteLength"],
    [
      "small objects",
      "module.exports = async () => { const a = []; for (let i = 0; ; i++) a.push({ i, s: 'v' + i }) }",
    ],
    [
      "allocation that swallows OOM",
      "module.exports = async () => { const k = []; for (;;) { try { k.push(new Array(1e5).fill(0)) } catch (e) { k.length = 0 } } }",
    ],
  ];

  it.each(bombs)("stops a memory bomb (%s) with kind 'memory' or 'timeout'", async (_name, code) => {
    const started = Date.now();
    const e = expectFail(await runJavaScript(code, {}));
    expect(["memory", "timeout"]).toContain(e.kind);
    expect(Date.now() - started).toBeLessThan(2500);
    await expectHealthy();
  });

  it("stops a memory bomb with a larger memoryMb (host kill backstop)", async () => {
    const code = "module.exports = async () => { const a = []; while (true) a.push(new Array(1e6).fill(1)) }";
    const e = expectFail(await runJavaScript(code, {}, { memoryMb: 256 }));
    expect(["memory", "timeout"]).toContain(e.kind);
    await expectHealthy();
  });

  it("enforces memoryMb: 40 MB fits in 64 MB but not in 16 MB", async () => {
    const code = "module.exports = async () => new Uint8Array(40 * 1024 * 1024).length";
    expect(expectOk(await runJavaScript(code, {}, { memoryMb: 64 }))).toBe(40 * 1024 * 1024);
    expect(expectFail(await runJavaScript(code, {}, { memoryMb: 16 })).kind).toBe("memory");
  });

  it("keeps the host heap healthy after repeated bombs", async () => {
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 3; i++) {
      await runJavaScript("module.exports = async () => { let s = 'x'; while (true) s = s + s }", {});
    }
    await expectHealthy();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe("runJavaScript: isolation from the host", () => {
  /** Escape attempts either fail inside the sandbox or see nothing of the host. */
  const escapes: [string, string][] = [
    [
      "Function constructor via this",
      "module.exports = async function () { return this.constructor.constructor('return process')() }",
    ],
    [
      "Function constructor at top level",
      "const p = this.constructor.constructor('return process')(); module.exports = async () => p",
    ],
    [
      "Function constructor via a host-provided function",
      "module.exports = async () => console.log.constructor('return process')()",
    ],
    [
      "dynamic import",
      "module.exports = async () => { const fs = await import('fs'); return fs.readFileSync('/etc/passwd', 'utf8') }",
    ],
    ["require", "module.exports = async () => require('fs').readFileSync('/etc/passwd', 'utf8')"],
    ["fetch", "module.exports = async () => (await fetch('http://127.0.0.1')).status"],
    ["globalThis.process", "module.exports = async () => globalThis.process.env"],
    ["process.binding", "module.exports = async () => process.binding('fs')"],
    [
      "Deno/Bun/std/os",
      "module.exports = async () => [typeof Deno, typeof Bun, typeof std, typeof os, typeof scriptArgs]",
    ],
  ];

  it.each(escapes)("blocks escape attempt: %s", async (_name, code) => {
    const r = await runJavaScript(code, {});
    if (r.ok) {
      // Only acceptable "success": nothing host-related was reachable.
      const json = JSON.stringify(r.result);
      expect(json === undefined || json === "null" || /^\[("undefined",?)+\]$/.test(json)).toBe(true);
    } else {
      expect(r.error.kind).toBe("error");
    }
  });

  it("exposes no host globals", async () => {
    const code = `module.exports = async () => ({
      process: typeof process, require: typeof require, fetch: typeof fetch, Buffer: typeof Buffer,
      global: typeof global, XMLHttpRequest: typeof XMLHttpRequest, WebAssembly: typeof WebAssembly,
    })`;
    expect(expectOk(await runJavaScript(code, {}))).toEqual({
      process: "undefined",
      require: "undefined",
      fetch: "undefined",
      Buffer: "undefined",
      global: "undefined",
      XMLHttpRequest: "undefined",
      WebAssembly: "undefined",
    });
  });

  it("cannot write to the host's globals", async () => {
    const code = `
      const g = this.constructor.constructor('return this')();
      g.__flowdeckEscapeMarker = 1;
      globalThis.__flowdeckEscapeMarker = 1;
      module.exports = async () => typeof g.__flowdeckEscapeMarker;`;
    expect(expectOk(await runJavaScript(code, {}))).toBe("number");
    expect((globalThis as Record<string, unknown>).__flowdeckEscapeMarker).toBeUndefined();
  });

  it("prototype pollution inside the sandbox does not reach the host", async () => {
    const code = `
      Object.prototype.polluted = 1;
      ({}).__proto__.x = 1;
      Array.prototype.evil = 1;
      JSON.parse = () => ({ hacked: true });
      module.exports = async function () {
        return [({}).polluted, ({}).x, JSON.parse('{"__proto__": {"polluted2": 1}, "a": 1}')];
      }`;
    const r = await runJavaScript(code, {});
    expect(expectOk(r)).toEqual([1, 1, { hacked: true }]);
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.x).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).evil).toBeUndefined();
    expect(JSON.parse("1")).toBe(1);
  });

  it("a __proto__ key in the returned object does not change the host prototype chain", async () => {
    const code = `module.exports = async () => JSON.parse('{"__proto__": {"polluted3": 1}}')`;
    const result = expectOk(await runJavaScript(code, {})) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(result.polluted3).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted3).toBeUndefined();
  });

  it("does not leak state between runs", async () => {
    await runJavaScript(
      "Object.prototype.leak = 1; globalThis.leak2 = 2; module.exports = async () => 1",
      {},
    );
    const r = await runJavaScript("module.exports = async () => [({}).leak, typeof leak2]", {});
    expect(expectOk(r)).toEqual([null, "undefined"]);
  });
});

describe("runJavaScript: abort", () => {
  it("stops a long run when the signal aborts", async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const r = await runJavaScript(
      "module.exports = async () => { while (true) {} }",
      {},
      { timeoutMs: 20_000 },
      controller.signal,
    );
    expect(expectFail(r).message).toMatch(/aborted/i);
    expect(Date.now() - started).toBeLessThan(1500);
    await expectHealthy();
  });

  it("maps AbortSignal.timeout() to kind 'timeout'", async () => {
    const r = await runJavaScript(
      "module.exports = () => new Promise((r) => setTimeout(r, 60000))",
      {},
      { timeoutMs: 20_000 },
      AbortSignal.timeout(150),
    );
    expect(expectFail(r).kind).toBe("timeout");
  });

  it("returns immediately for an already-aborted signal", async () => {
    const r = await runJavaScript("module.exports = async () => 1", {}, {}, AbortSignal.abort("cancelled"));
    expect(expectFail(r)).toEqual({ kind: "error", message: "Execution aborted: cancelled" });
  });
});

describe("runJavaScript: load", () => {
  const busy = (iterations: number) =>
    `module.exports = function () { let x = 0; for (let i = 0; i < ${iterations}; i++) x = (x + i * 7) % 1000003; return x; }`;

  it("40 parallel CPU-bound jobs all finish within a timeout they would all exceed if started at once", async () => {
    // Calibrate one job to ~50–100 ms of CPU on this machine.
    let iterations = 200_000;
    let single = 0;
    for (;;) {
      const started = performance.now();
      const r = await runJavaScript(busy(iterations), undefined, { timeoutMs: 10_000 });
      single = performance.now() - started;
      expect(r.ok).toBe(true);
      if (single >= 50 || iterations > 50_000_000) break;
      iterations *= 2;
    }
    // Started at once on N cores, each job would take about 40 × single / N of wall-clock time.
    const timeoutMs = Math.ceil(Math.max(4 * single, 250));
    expect(timeoutMs).toBeLessThan((40 * single) / os.availableParallelism());
    const results = await Promise.all(
      Array.from({ length: 40 }, () => runJavaScript(busy(iterations), undefined, { timeoutMs })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // An infinite loop still times out under the same limit.
    const loop = await runJavaScript("module.exports = function () { for (;;) {} }", undefined, {
      timeoutMs,
    });
    expect(loop).toMatchObject({ ok: false, error: { kind: "timeout" } });
  }, 120_000);
});
