import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LOCK_FILE, lockDataDir, DataDirLockedError } from "./data-dir-lock";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "flowdeck-lock-"));

/** Tries to take the lock from another process; resolves with its exit code and stderr. */
function lockFromChild(dir: string): Promise<{ code: number | null; stderr: string }> {
  const script = `import("${path.resolve("lib/db/data-dir-lock.ts")}").then((mod) => { const m = mod.default ?? mod; try { m.lockDataDir(${JSON.stringify(dir)}); console.log("locked"); } catch (e) { console.error(e.message); process.exit(3); } })`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: "pipe" });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

describe("DATA_DIR lock", () => {
  it("refuses a second process, naming the holder's PID and the remedy", async () => {
    const dir = tmp();
    const release = lockDataDir(dir);
    const other = await lockFromChild(dir);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain(`PID ${process.pid}`);
    expect(other.stderr).toContain("DATABASE_URL");
    release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    // Released: another process may take it now.
    expect((await lockFromChild(dir)).code).toBe(0);
  });

  it("takes over the lock of a process that is gone (kill -9) and is idempotent in one process", async () => {
    const dir = tmp();
    const dead = spawn(process.execPath, ["-e", "0"]);
    await new Promise((r) => dead.on("exit", r));
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead.pid, start: "1", startedAt: "2026-01-01T00:00:00Z", argv: "" }),
    );
    const release = lockDataDir(dir);
    expect(lockDataDir(dir)).toBe(release);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8")).pid).toBe(process.pid);
    release();
  });

  it("treats a live PID with another start time as a reused PID (stale)", () => {
    const dir = tmp();
    // PID 1 is alive, but it did not start at tick "0".
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, start: "0", startedAt: "2026-01-01T00:00:00Z", argv: "" }),
    );
    const release = lockDataDir(dir);
    release();
  });

  it("holds for a live holder with the same start time", () => {
    const dir = tmp();
    const start = fs.readFileSync("/proc/1/stat", "utf8");
    const tick = start.slice(start.lastIndexOf(")") + 2).split(" ")[19];
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, start: tick, startedAt: "2026-01-01T00:00:00Z", argv: "" }),
    );
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
  });
});
