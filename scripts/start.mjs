// `npm start`: install if needed, build if needed, then serve (migrations and the demo workspace load on boot).
import { ensureBuild, ensureDependencies, root, SERVER_ARGS } from "./lib.mjs";
import { spawn } from "node:child_process";

ensureDependencies();
ensureBuild();
const port = process.env.PORT || "3000";
console.log(`→ starting Flowdeck on http://localhost:${port}`);
const child = spawn(process.execPath, SERVER_ARGS, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
