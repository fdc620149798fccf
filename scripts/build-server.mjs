// The production server as plain JavaScript: scripts/server.ts, scripts/worker.ts and every REST route (`app/api/**/route.ts`)
// bundled by esbuild into .next/flowdeck/ (same folder layout, shared chunks, so each lib module exists once;
// packages stay in node_modules). `npm start`, the Playwright suites and the benchmarks run that bundle with
// plain `node`: no TypeScript loader in the process (tsx's loader thread and the source maps it turns on,
// which made Node keep the parsed maps of every Next.js chunk: 405 → 268 MB RSS for an idle server, measured
// in README "Benchmarks"). Source maps are written beside the bundle; `NODE_OPTIONS=--enable-source-maps`
// uses them.
//
// `node scripts/build-server.mjs` builds it; scripts/lib.mjs's ensureBuild() calls buildServer() when the
// sources changed.
import esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_OUT_DIR = path.join(root, ".next", "flowdeck");
/** The bundled scripts/server.ts (relative to the project root, as SERVER_ARGS runs it). */
export const SERVER_ENTRY = ".next/flowdeck/scripts/server.mjs";
/** The bundled scripts/worker.ts (`npm run worker`), likewise. */
export const WORKER_ENTRY = ".next/flowdeck/scripts/worker.mjs";

function routeFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) routeFiles(full, out);
    else if (e.name === "route.ts") out.push(path.relative(root, full));
  }
  return out;
}

export async function buildServer() {
  fs.rmSync(SERVER_OUT_DIR, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["scripts/server.ts", "scripts/worker.ts", ...routeFiles(path.join(root, "app", "api"))],
    outbase: ".",
    outdir: SERVER_OUT_DIR,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    sourcemap: "linked",
    logLevel: "warning",
    // Next.js has no package "exports": Node's ESM resolution needs the file name.
    alias: { "next/server": "next/server.js" },
    // Code that calls require() (and packages imported as CommonJS) in an ES module.
    banner: {
      js: 'import { createRequire as __flowdeckCreateRequire } from "node:module"; const require = __flowdeckCreateRequire(import.meta.url);',
    },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = Date.now();
  await buildServer();
  console.log(`→ server bundled into ${path.relative(root, SERVER_OUT_DIR)} (${Date.now() - t} ms)`);
}
