// `npm start`: install if needed, build if needed, then serve (migrations and the demo workspace load on boot).
// `npm run worker` (`start.mjs --worker`): the same, then a stand-alone worker process (scripts/worker.ts).
import { ensureBuild, ensureDependencies, root, SERVER_ARGS, WORKER_ARGS } from "./lib.mjs";
import { spawn } from "node:child_process";

const worker = process.argv.includes("--worker");
ensureDependencies();
ensureBuild();
const port = process.env.PORT || "3000";
if (!worker) console.log(`→ starting Flowdeck on http://localhost:${port}`);
const child = spawn(process.execPath, worker ? WORKER_ARGS : SERVER_ARGS, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ...(worker ? {} : { PORT: port }), NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
