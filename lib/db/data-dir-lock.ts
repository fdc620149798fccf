import fs from "node:fs";
import path from "node:path";

// The embedded database (PGlite) is one process's: two processes on one folder each see only their own
// writes and corrupt it. The lock is a file created with O_EXCL holding the owner's PID and process start
// time; a lock whose process is gone (kill -9, a crash, a reboot) is stale and taken over.

export const LOCK_FILE = "flowdeck.lock";

type LockInfo = { pid: number; start: string | null; startedAt: string; argv: string };

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `DATA_DIR ${dir} is in use by another Flowdeck process (PID ${holder.pid}, since ${holder.startedAt}). ` +
        `The embedded database can be opened by one process at a time: stop that process first, or run ` +
        `several processes against PostgreSQL (DATABASE_URL). If no such process exists, delete ` +
        `${path.join(dir, LOCK_FILE)}.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** The kernel's start time of a process (clock ticks since boot), so a reused PID is not mistaken for the holder. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22, counted after the command name (which may hold spaces) closed by the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function alive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStart(info.pid);
  return !(info.start && start && start !== info.start);
}

function readLock(file: string): { raw: string; info: LockInfo } | undefined {
  try {
    const raw = fs.readFileSync(file, "utf8");
    return { raw, info: JSON.parse(raw) as LockInfo };
  } catch {
    return undefined;
  }
}

const held = new Map<string, () => void>();

/**
 * Takes the exclusive lock on a data folder for this process, or throws DataDirLockedError naming the
 * holder. Taking it again in the same process is a no-op. Released when the process exits.
 */
export function lockDataDir(dir: string): () => void {
  const abs = path.resolve(dir);
  const existing = held.get(abs);
  if (existing) return existing;
  fs.mkdirSync(abs, { recursive: true });
  const file = path.join(abs, LOCK_FILE);
  const mine: LockInfo = {
    pid: process.pid,
    start: processStart(process.pid),
    startedAt: new Date().toISOString(),
    argv: process.argv.slice(1).join(" ").slice(0, 200),
  };
  const body = JSON.stringify(mine);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, body, { flag: "wx", mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const current = readLock(file);
      if (current && current.info.pid === process.pid && current.info.start === mine.start) break;
      if (current && alive(current.info)) throw new DataDirLockedError(abs, current.info);
      if (attempt >= 3) throw new DataDirLockedError(abs, current?.info ?? { ...mine, pid: -1 });
      if (!current && attempt === 0) {
        // Unreadable: another process may be writing it right now; look again before calling it stale.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
        continue;
      }
      // Stale (its process is gone) or still unreadable (a holder died while writing it): take it over,
      // unless another process replaced it in the meantime.
      const again = readLock(file);
      if (again?.raw === current?.raw) fs.rmSync(file, { force: true });
    }
  }
  const release = () => {
    const current = readLock(file);
    if (current?.info.pid === process.pid) fs.rmSync(file, { force: true });
    held.delete(abs);
    process.off("exit", release);
  };
  process.on("exit", release);
  held.set(abs, release);
  return release;
}
