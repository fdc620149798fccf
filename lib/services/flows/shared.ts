import { eq, or } from "drizzle-orm";
import { z } from "zod";
import { flows, type FlowRow } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, NotFoundError } from "../../core/errors";
import { validateGraph, type FlowNodes } from "../../core/flow";
import { isKnownNodeType } from "../../nodes/registry";
import { setupNodes } from "../../nodes/setup";
import type { JsonSchema } from "../../core/schema/json-schema";

export const flowNodeSchema = z
  .object({
    type: z.string().min(1).max(100),
    name: z.string().max(500).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    links: z
      .array(
        z.object({
          key: z.string().min(1).max(200),
          filter: z.unknown().optional(),
          name: z.string().max(500).optional(),
        }),
      )
      .optional(),
    onError: z.enum(["stop", "continue"]).optional(),
    concurrency: z.number().int().min(1).max(1000).optional(),
    customerConfigurable: z.boolean().optional(),
    userConfig: z.unknown().optional(),
  })
  .passthrough();

/**
 * `userConfig: true|false` is Flowdeck's old spelling of `customerConfigurable` (accepted, stored under the
 * new name); any other `userConfig` value is the SDK's, kept as given.
 */
export function normalizeNode<T extends { userConfig?: unknown; customerConfigurable?: boolean }>(
  node: T,
): T {
  if (typeof node.userConfig !== "boolean") return node;
  const { userConfig, ...rest } = node;
  return { ...rest, customerConfigurable: node.customerConfigurable ?? userConfig } as T;
}
export const normalizeNodes = <T extends { userConfig?: unknown; customerConfigurable?: boolean }>(
  nodes: Record<string, T>,
): Record<string, T> => Object.fromEntries(Object.entries(nodes).map(([k, n]) => [k, n && normalizeNode(n)]));

export const flowNodesSchema = z.record(
  z.string().regex(/^[a-zA-Z0-9_-]{1,200}$/, "node keys: letters, digits, - and _"),
  flowNodeSchema.transform(normalizeNode),
);

export function assertValidGraph(nodes: FlowNodes): void {
  const issues = validateGraph(nodes, isKnownNodeType);
  if (issues.length) throw new BadRequestError(issues.map((i) => i.message).join("; "), { issues });
}

export function flowToApi(f: FlowRow, extra: { instancesCount?: number } = {}) {
  const setup = setupNodes(f.nodes as FlowNodes, (f.parametersSchema ?? undefined) as JsonSchema | undefined);
  return {
    id: f.id,
    key: f.key,
    name: f.name,
    description: f.description ?? undefined,
    integrationId: f.integrationId ?? undefined,
    parametersSchema: f.parametersSchema ?? undefined,
    nodes: setup.nodes,
    revision: f.revision,
    state: setup.state,
    // Why the flow is SETUP_FAILED (the nodes' setup errors), as the SDK's flow `errors`.
    errors: setup.errors.length ? setup.errors : undefined,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    archivedAt: f.archivedAt ?? undefined,
    ...extra,
  };
}
export type FlowApi = ReturnType<typeof flowToApi>;

export async function fetchFlow(ctx: Ctx, selector: string): Promise<FlowRow> {
  const [row] = await ctx.db
    .select()
    .from(flows)
    .where(or(eq(flows.id, selector), eq(flows.key, selector)))
    .limit(1);
  if (!row) throw new NotFoundError("Flow");
  return row;
}
