import type { JsonSchema } from "../core/schema/json-schema";
import type { FormulaContext } from "../core/formulas";
import type { OutboundPolicy } from "./http/outbound";

export type NodeCategory = "trigger" | "logic" | "http" | "data";

export type NodeRuntime = {
  /** The connection's decrypted credentials and its integration (for HTTP and data-record nodes). */
  connection: { id: string; name: string; credentials: Record<string, unknown> };
  integration: {
    id: string;
    key: string;
    name: string;
    baseUri: string;
    auth: Record<string, unknown>;
    dataCollections: Record<string, unknown>;
  };
  customer: { id: string; internalId: string; name: string };
  flowInstance: { id: string; parameters: Record<string, unknown> };
  flowRun: { id: string };
  appUrl: string;
  workspaceSecret: string;
  workspaceKey: string;
  /** The JavaScript sandbox (lib/engine/sandbox), handed in by the engine: nodes never import the engine. */
  sandbox: { timeoutMs: number; memoryMb: number; run: RunSandboxed };
  /** Outbound HTTP allow-list (OUTBOUND_ALLOW_HOSTS) and resolver, applied by every HTTP request. */
  outbound: OutboundPolicy;
};

export type SandboxErrorKind = "timeout" | "memory" | "error" | "syntax";

export type SandboxResult =
  | { ok: true; result: unknown; logs: string[] }
  | { ok: false; error: { message: string; kind: SandboxErrorKind }; logs: string[] };

/** Runs `code` (`module.exports = async function (args) { ... }`) with `args` in an isolated VM. */
export type RunSandboxed = (
  code: string,
  args: unknown,
  limits: { timeoutMs?: number; memoryMb?: number },
  signal?: AbortSignal,
) => Promise<SandboxResult>;

export type NodeExecuteContext = {
  nodeKey: string;
  /** The node's config exactly as stored (formulas not yet evaluated). */
  config: Record<string, unknown>;
  /** Accumulated outputs of upstream nodes, keyed by node key. */
  input: Record<string, unknown>;
  formulaContext: FormulaContext;
  evaluate: (value: unknown) => Promise<unknown>;
  log: (message: string, data?: unknown) => void;
  signal: AbortSignal;
  runtime: NodeRuntime;
  /** for-each: runs the sub-flow starting at rootNodeKey once per item and returns each item's final outputs. */
  runSubflow?: (rootNodeKey: string, itemInput: Record<string, unknown>) => Promise<unknown[]>;
};

export type ConfigIssue = { path?: string; message: string };

export type NodeType = {
  type: string;
  name: string;
  description: string;
  category: NodeCategory;
  /** Deprecated names the SDK still accepts. */
  aliases?: string[];
  /** JSON Schema of `config`; drives validation in setup and the console's form. */
  configSchema: JsonSchema;
  outputSchema: (config: Record<string, unknown>, inputSchema: JsonSchema) => JsonSchema;
  /** Extra config checks beyond the JSON Schema (formula references, etc.). */
  validate?: (config: Record<string, unknown>, contextSchema: JsonSchema) => ConfigIssue[];
  /** Returns this node's outputs; each output continues down every link separately. */
  execute: (ctx: NodeExecuteContext) => Promise<unknown[]>;
};
