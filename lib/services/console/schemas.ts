import { z } from "zod";

// The inputs of the console's read verbs (pages, view routes and server actions call them; each parses its
// whole input with its own schema, lib/services/shared/define-verb.ts).

export const idInput = z.object({ id: z.string() });
export const listFlowsWithCountsInput = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export const nodeSampleInput = z.object({
  flowInstanceId: z.string().max(100),
  nodeKey: z.string().min(1).max(200),
});
