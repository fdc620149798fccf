import { eq, or } from "drizzle-orm";
import { flows, type FlowRow } from "../../db/schema";
import type { Ctx } from "../context";
import { BadRequestError, NotFoundError } from "../../core/errors";
import { validateGraph, type FlowNodes } from "../../core/flow";
import { isKnownNodeType } from "../../nodes/registry";
import { setupNodes } from "../../nodes/setup";
import type { JsonSchema } from "../../core/schema/json-schema";

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
