import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

// The crash test needs a PostgreSQL server and worker processes: it runs in `npm run test:pg` / `.ci/run`
// and `npm run test:chaos`, not in the embedded `npm test` (set VITEST_PG=1 to include it).
const pgOnly = ["tests/engine/crash.test.ts", "tests/engine/queue.test.ts", "tests/engine/events-pg.test.ts"];

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "tests/**/*.test.ts"],
    exclude: [
      "node_modules/**",
      ...(process.env.VITEST_PG === "1" ||
      process.argv.some((a) => a.includes("crash") || a.includes("engine/queue") || a.includes("events-pg"))
        ? []
        : pgOnly),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
