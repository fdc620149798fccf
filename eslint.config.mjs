import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const restrict = (files, patterns, message) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns: [{ group: patterns, message }] }] },
});

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "lib/db/migrations/**",
      "next-env.d.ts",
      "lib/engine/sandbox/worker.cjs",
      "bench-data/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
    },
  },
  // DESIGN.md §7: the core is pure; only services and the engine touch the database.
  restrict(
    ["lib/core/**"],
    [
      "node:*",
      "**/db/**",
      "**/services/**",
      "**/engine/**",
      "**/nodes/**",
      "**/server/**",
      "next",
      "next/*",
      "drizzle-orm",
      "drizzle-orm/*",
      "pg",
      "@electric-sql/*",
    ],
    "lib/core is pure: no database, no node:*, no Next.js",
  ),
  restrict(
    ["app/**", "components/**"],
    ["@/lib/db/*", "**/lib/db/*", "drizzle-orm", "drizzle-orm/*"],
    "routes and components call lib/services verbs, never the database",
  ),
  restrict(
    ["components/**"],
    ["@/lib/services/*", "@/lib/engine/*"],
    "components get data from pages or server actions",
  ),
];

export default config;
