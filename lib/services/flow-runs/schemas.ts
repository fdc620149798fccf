import { z } from "zod";
import { listQuery } from "../shared/pagination";
import { selectorSchema } from "../flow-instances/schemas";

// The inputs of the flow-run verbs, defined once: the REST routes parse their query and body with the same
// schemas, and every verb parses its whole input with its own (lib/services/shared/define-verb.ts).

export const createFlowRunBody = z.object({
  flowInstanceId: z.string().max(100).optional(),
  connectionFlowId: z.string().max(100).optional(),
  startNodeKey: z.string().max(200).optional(),
  nodeKey: z.string().max(200).optional(),
  input: z.unknown().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
/** A run of `flowInstanceId`, or of the instance a selector names (created first with `autoCreate`). */
export const createFlowRunInput = createFlowRunBody.extend({
  selector: selectorSchema.optional(),
  autoCreate: z.boolean().optional(),
});

export const runIdInput = z.object({ id: z.string() });

export const nodePageQuery = z.object({ limit: listQuery.shape.limit, cursor: listQuery.shape.cursor });
export type NodePageQuery = z.infer<typeof nodePageQuery>;
/** A node of a run (`id` is the run's), paged. */
export const nodePageInput = nodePageQuery.partial().extend({ id: z.string(), nodeKey: z.string() });
export type NodePageInput = z.input<typeof nodePageInput>;
export const getNodeRunInput = z.object({ id: z.string(), nodeKey: z.string(), nodeRunId: z.string() });
export const getNodeOutputInput = z.object({ id: z.string(), nodeKey: z.string(), outputId: z.string() });

export const runStates = ["queued", "running", "completed", "stopped", "failed"] as const;

export const listFlowRunsQuery = listQuery.extend({
  flowInstanceId: z.string().max(100).optional(),
  connectionFlowId: z.string().max(100).optional(),
  flowId: z.string().max(100).optional(),
  // A Flowdeck flow is what Membrane calls an integration flow (no universal flow above it).
  integrationFlowId: z.string().max(100).optional(),
  connectionId: z.string().max(100).optional(),
  userId: z.string().max(100).optional(),
  customerId: z.string().max(100).optional(),
  integrationId: z.string().max(100).optional(),
  state: z.enum(runStates).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListFlowRunsInput = z.infer<typeof listFlowRunsQuery>;

/** The engine's schedule tick: the time it fires for (its minute is the tick). */
export const fireSchedulesInput = z.object({ now: z.date() });
