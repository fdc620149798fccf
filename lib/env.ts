import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { z } from "zod";
import { parseAllowList } from "./nodes/http/outbound";

// The one module that reads process.env: validated once, fails start-up with the variable's name.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  WORKSPACE_KEY: z.string().min(1).optional(),
  WORKSPACE_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  WORKER: z.enum(["on", "off"]).default("on"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  SANDBOX_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  SANDBOX_MEMORY_MB: z.coerce.number().int().min(8).max(4096).default(64),
  // WORKER=on only: past this many queued runs, POST /api/flow-runs answers 429 with Retry-After (0: no bound).
  RUN_BACKLOG_LIMIT: z.coerce.number().int().min(0).max(10_000_000).default(1000),
  // WORKER=on only: the bound also keeps a queued run's wait under this many seconds of the worker's measured
  // capacity (lib/engine/backlog.ts; 0: RUN_BACKLOG_LIMIT alone).
  RUN_BACKLOG_SECONDS: z.coerce.number().min(0).max(3600).default(0.5),
  RUN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  RUN_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  APP_URL: z.string().url().optional(),
  SEED_DEMO: z.enum(["on", "off"]).default("on"),
  // The embedded database's shared buffer pool (PostgreSQL's shared_buffers, inside PGlite's WebAssembly
  // memory, which never shrinks). The data files are read through the OS page cache beyond it.
  PGLITE_SHARED_BUFFERS: z
    .string()
    .regex(/^\d+(kB|MB|GB)$/, "must be a size like 16MB")
    .default("16MB"),
  // The API's read caches (lib/server/read-cache.ts): "on" both, "rows" only the row-JSON cache
  // (lib/db/json-cache.ts; every response computed afresh), "off" neither.
  API_READ_CACHE: z.enum(["on", "rows", "off"]).default("on"),
  // "on": the client address (sign-in throttling) is the first X-Forwarded-For entry (behind a proxy).
  TRUST_PROXY: z.enum(["on", "off"]).default("off"),
  // Tokens without `exp` are accepted for this many seconds after their `iat` (none without either).
  TOKEN_MAX_AGE_SECONDS: z.coerce.number().int().min(60).max(31_536_000).default(86_400),
  // Space- or comma-separated origins allowed to frame /embed pages (everything else denies framing).
  EMBED_ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .refine(
      (list) => list.every((o) => /^https?:\/\/[^/\s]+$/.test(o)),
      "must be origins like https://app.example.com",
    ),
  // Space- or comma-separated hosts, *.domains, IPs and CIDRs HTTP nodes may reach although they are
  // private, loopback or link-local (lib/nodes/http/outbound.ts refuses those by default).
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .superRefine((list, issue) => {
      try {
        parseAllowList(list);
      } catch (err) {
        issue.addIssue({ code: "custom", message: (err as Error).message });
      }
    }),
});

export type Env = z.infer<typeof schema> & {
  WORKSPACE_KEY: string;
  WORKSPACE_SECRET: string;
  ADMIN_PASSWORD: string;
  generated: string[];
};

function loadSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, "secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  // Unset secrets are generated once and kept in DATA_DIR so restarts keep sessions and tokens valid.
  const stored = loadSecrets(dataDir);
  const generated: string[] = [];
  const pick = (name: "WORKSPACE_KEY" | "WORKSPACE_SECRET" | "ADMIN_PASSWORD", make: () => string) => {
    const fromEnv = env[name];
    if (fromEnv) return fromEnv;
    if (!stored[name]) {
      stored[name] = make();
      generated.push(name);
    }
    return stored[name];
  };
  const result: Env = {
    ...env,
    DATA_DIR: dataDir,
    WORKSPACE_KEY: pick("WORKSPACE_KEY", () => "flowdeck-" + crypto.randomBytes(4).toString("hex")),
    WORKSPACE_SECRET: pick("WORKSPACE_SECRET", () => crypto.randomBytes(32).toString("hex")),
    ADMIN_PASSWORD: pick("ADMIN_PASSWORD", () => crypto.randomBytes(9).toString("base64url")),
    generated,
  };
  if (generated.length) {
    fs.writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  cached = result;
  return result;
}

/** Where this app is reached (APP_URL, else this machine's PORT): links, webhook URLs, the Sandbox CRM. */
export function appUrl(env: Env = getEnv()): string {
  return env.APP_URL ?? `http://127.0.0.1:${env.PORT}`;
}
