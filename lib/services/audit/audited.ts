import { auditEvents } from "../../db/schema";
import type { Ctx } from "../context";
import { newId } from "../../core/ids";
import { stableStringify } from "../../core/flow";
import { redactSecrets } from "../../core/secrets";
import { publishChanges } from "../../engine/changes";

export type AuditAction =
  | "create"
  | "patch"
  | "enable"
  | "disable"
  | "setup"
  | "reset"
  | "update-to-latest-flow"
  | "archive"
  | "restore"
  | "run"
  | "stop";

function actorOf(ctx: Ctx) {
  const p = ctx.principal;
  const channel = ctx.channel ?? "api";
  if (p.kind === "customer")
    return { type: "customer", customerId: p.customerId, internalId: p.internalId, channel };
  return { type: p.via === "session" ? "operator" : "api-token", channel };
}

type Target = { type: string; id: string; customerId?: string | null };

/**
 * The audit row of one change (inserted by the caller, in the change's transaction). Its diff never holds a
 * secret: credentials and secret-named fields are recorded with their key names only.
 */
export function auditRow(ctx: Ctx, action: AuditAction, target: Target, diff: unknown) {
  return {
    id: newId(),
    actor: actorOf(ctx),
    action,
    targetType: target.type,
    targetId: target.id,
    customerId: target.customerId ?? null,
    diff: diff == null ? null : redactSecrets(diff),
  };
}

/** Top-level fields that changed between two API objects (nodes: which node keys changed). */
export function diffObjects(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
) {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (["updatedAt", "revision", "lastRun"].includes(k)) continue;
    const a = before?.[k];
    const b = after?.[k];
    if (k === "nodes" && a && b) {
      const na = a as Record<string, unknown>;
      const nb = b as Record<string, unknown>;
      const changed = [...new Set([...Object.keys(na), ...Object.keys(nb)])].filter(
        (n) => stableStringify(stripComputed(na[n])) !== stableStringify(stripComputed(nb[n])),
      );
      if (changed.length)
        out.nodes = Object.fromEntries(
          changed.map((n) => [n, { from: stripComputed(na[n]), to: stripComputed(nb[n]) }]),
        );
      continue;
    }
    if (stableStringify(a) !== stableStringify(b)) out[k] = { from: a ?? null, to: b ?? null };
  }
  return out;
}

function stripComputed(node: unknown) {
  if (!node || typeof node !== "object") return node;
  const { inputSchema: _i, outputSchema: _o, ...rest } = node as Record<string, unknown>;
  void _i;
  void _o;
  return rest;
}

/**
 * Runs a change and records its audit event in the same transaction: if the change fails nothing is
 * written, and the audit row cannot exist without the change. Engine-made changes are not audited.
 */
export async function audited<T>(
  ctx: Ctx,
  action: AuditAction,
  fn: (txCtx: Ctx) => Promise<T>,
  target: (result: T) => Target | null,
  diff?: (result: T) => unknown,
): Promise<T> {
  if (ctx.channel === "engine") return fn(ctx);
  const after: (() => void)[] = [];
  const result = await ctx.db.transaction(async (tx) => {
    const txCtx: Ctx = { ...ctx, db: tx, afterCommit: ctx.afterCommit ?? after };
    const value = await fn(txCtx);
    const t = target(value);
    if (!t) return value;
    await tx.insert(auditEvents).values(auditRow(ctx, action, t, diff ? diff(value) : null));
    // The change stream's instance events (enabled, customized, archived, set up …): every change of an
    // instance by a person or program goes through here.
    if (t.type === "flow-instance" && t.customerId)
      txCtx.afterCommit!.push(() =>
        publishChanges([
          { customerId: t.customerId!, event: { type: "instance", instanceId: t.id, action } },
        ]),
      );
    return value;
  });
  if (!ctx.afterCommit) for (const f of after) f();
  return result;
}

/** Audits a create/patch/archive of a workspace element (integration, flow, customer, connection). */
export function auditedElement<I, R extends { id: string }>(
  type: "integration" | "flow" | "customer" | "connection",
  kind: "create" | "patch" | "archive",
  verb: (args: { ctx: Ctx; input: I }) => Promise<R>,
) {
  return (args: { ctx: Ctx; input: I }): Promise<R> => {
    const input = args.input as { restore?: boolean; body?: unknown };
    return audited(
      args.ctx,
      kind === "archive" ? (input.restore ? "restore" : "archive") : kind,
      (tx) => verb({ ...args, ctx: tx }),
      (r) => ({
        type,
        id: r.id,
        customerId:
          ((r as Record<string, unknown>).customerId as string | undefined) ??
          (type === "customer" ? r.id : null),
      }),
      (r) => (kind === "patch" ? { changes: input.body } : kind === "create" ? { created: r } : null),
    );
  };
}
