// Helpers shared by `npm start` and `npm test` (plain Node, so they work before dependencies exist).
import { spawnSync, execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

/**
 * The production server (scripts/server.ts: Next.js plus the API routes served directly), as argv: the bundle
 * scripts/build-server.mjs makes (ensureBuild), run by plain `node`.
 */
export const SERVER_ARGS = [".next/flowdeck/scripts/server.mjs"];
/** How to run the bundled worker (`npm run worker`, the benchmarks' worker processes), after ensureBuild. */
export const WORKER_ARGS = [".next/flowdeck/scripts/worker.mjs"];

/** Installs dependencies when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  if (fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs - 1000) return;
  console.log("→ installing dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "workspace",
  "next.config.js",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
  "instrumentation.ts",
];

function walk(p, out) {
  if (!fs.existsSync(p)) return;
  const st = fs.statSync(p);
  if (st.isDirectory()) for (const f of fs.readdirSync(p).sort()) walk(path.join(p, f), out);
  else if (!/\.test\.tsx?$/.test(p)) out.push(p);
}

export function sourceHash() {
  const files = [];
  for (const i of BUILD_INPUTS) walk(path.join(root, i), files);
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(path.relative(root, f)).update(fs.readFileSync(f));
  return h.digest("hex");
}

/**
 * Builds the Next.js app when there is no build or its sources changed since the last one, then the server
 * bundle (scripts/build-server.mjs, about a second) when it or its sources changed.
 */
export function ensureBuild() {
  const stamp = path.join(root, ".next", "flowdeck-source-hash");
  const hash = sourceHash();
  if (
    !fs.existsSync(path.join(root, ".next", "BUILD_ID")) ||
    !fs.existsSync(stamp) ||
    fs.readFileSync(stamp, "utf8") !== hash
  ) {
    console.log("→ building (next build)");
    run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    fs.writeFileSync(stamp, hash);
  }
  const serverStamp = path.join(root, ".next", "flowdeck-server-hash");
  const serverHash = crypto
    .createHash("sha256")
    .update(hash)
    .update(fs.readFileSync(path.join(root, "scripts", "server.ts")))
    .update(fs.readFileSync(path.join(root, "scripts", "worker.ts")))
    .update(fs.readFileSync(path.join(root, "scripts", "build-server.mjs")))
    .digest("hex");
  if (
    fs.existsSync(path.join(root, SERVER_ARGS[0])) &&
    fs.existsSync(path.join(root, WORKER_ARGS[0])) &&
    fs.existsSync(serverStamp) &&
    fs.readFileSync(serverStamp, "utf8") === serverHash
  )
    return;
  run(process.execPath, ["scripts/build-server.mjs"]);
  fs.writeFileSync(serverStamp, serverHash);
}

export function findChromium() {
  for (const c of [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"])
    if (c && fs.existsSync(c)) return c;
  try {
    return (
      execSync("command -v chromium || command -v chromium-browser", { shell: "/bin/bash" })
        .toString()
        .trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** Installs Debian's Chromium for the browser tests when no browser is found (needs root and apt). */
export function ensureChromium() {
  if (findChromium()) return findChromium();
  console.log("→ installing Chromium (apt-get install chromium)");
  const asRoot = process.getuid?.() === 0 ? [] : ["sudo"];
  const apt = (args) =>
    spawnSync(asRoot.length ? "sudo" : "apt-get", [...(asRoot.length ? ["apt-get"] : []), ...args], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  apt(["update"]);
  apt(["install", "-y", "--no-install-recommends", "chromium"]);
  const found = findChromium();
  if (!found) {
    console.error("✗ no Chromium found and it could not be installed; set CHROMIUM_PATH");
    process.exit(1);
  }
  return found;
}
