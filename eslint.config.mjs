import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers (README "Architecture"): each folder may import only the ones below it. Test files and test
// helpers may reach across (they build fixtures with services and run nodes with the real sandbox).
const lib = (name) => [
  `@/lib/${name}`,
  `@/lib/${name}/**`,
  ...["../", "../../", "../../../"].flatMap((up) => [`${up}${name}`, `${up}${name}/**`]),
];
const top = (name) => [
  `@/${name}`,
  `@/${name}/**`,
  ...["../", "../../", "../../../", "../../../../"].map((up) => `${up}${name}/**`),
];
const TESTS = ["**/*.test.ts", "**/*.test.tsx", "lib/nodes/test-helpers.ts"];
const UI = [...top("app"), ...top("components")];
// [patterns, message, {allowTypeImports}]: types may cross where the value may not (a component may know
// the shape of a verb's result, never call it).
const layer = (files, groups) => ({
  files,
  ignores: TESTS,
  rules: {
    "@typescript-eslint/no-restricted-imports": [
      "error",
      { patterns: groups.map(([group, message, opts = {}]) => ({ group, message, ...opts })) },
    ],
  },
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
  layer(
    ["lib/core/**"],
    [
      [
        ["node:*", "next", "next/*", "drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/*", "jose"],
        "lib/core is pure: no node:*, no database, no Next.js",
      ],
      [
        ["db", "services", "engine", "nodes", "server", "auth", "sandbox-crm"].flatMap(lib).concat(UI),
        "lib/core imports nothing else of the app",
      ],
    ],
  ),
  layer(
    ["lib/db/**"],
    [
      [
        ["services", "engine", "nodes", "server", "auth"].flatMap(lib).concat(UI),
        "lib/db sits below everything but lib/core",
      ],
    ],
  ),
  layer(
    ["lib/auth/**"],
    [
      [
        ["db", "services", "engine", "nodes", "server"].flatMap(lib).concat(UI),
        "lib/auth uses lib/core and lib/env only",
      ],
    ],
  ),
  layer(
    ["lib/nodes/**"],
    [
      [
        ["db", "services", "engine", "server", "auth"].flatMap(lib).concat(UI),
        "node types get what they need (sandbox, credentials, policy) through their runtime, handed in by the engine",
      ],
    ],
  ),
  layer(
    ["lib/engine/**"],
    [
      [
        ["services", "server"].flatMap(lib).concat(UI),
        "the engine must not import lib/services or lib/server: verbs it calls (fireSchedules) are handed in",
      ],
    ],
  ),
  layer(
    ["lib/services/**"],
    [[["server"].flatMap(lib).concat(UI), "verbs do not know about routes, pages or components"]],
  ),
  layer(
    ["lib/server/**", "lib/sandbox-crm/**"],
    [[UI, "lib/server is used by app/, never the other way round"]],
  ),
  layer(
    ["components/**"],
    [
      [
        ["db", "services", "engine", "server", "auth"].flatMap(lib).concat(["drizzle-orm", "drizzle-orm/*"]),
        "components get data from pages and actions from <ActionsProvider>, never from the server layers",
        { allowTypeImports: true },
      ],
      [
        top("app"),
        "components get server actions from <ActionsProvider>: nothing in components/ imports app/",
      ],
    ],
  ),
  layer(
    ["app/**", "proxy.ts"],
    [
      [
        lib("db").concat(["drizzle-orm", "drizzle-orm/*"]),
        "routes and server actions call lib/services verbs, never the database",
      ],
      [
        ["@/lib/services/flow-instances/instance-action"],
        "instance verbs resolve their selector inside their own transaction: a route makes one verb call, never resolveInstance then a verb",
      ],
    ],
  ),
];

export default config;
