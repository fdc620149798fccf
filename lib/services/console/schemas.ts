import { z } from "zod";
import { listFlowInstancesQuery } from "../flow-instances/schemas";

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

export const suggestInstancesInput = z.object({
  q: z.string().max(200),
  limit: z.number().int().min(1).max(50).default(10),
});

/** The filter dropdowns take no input. */
export const listFilterOptionsInput = z.object({});

/** The header search: whatever was typed, trimmed and cut to 200 characters (a search box, not a contract). */
export const globalSearchInput = z.object({ q: z.string().transform((q) => q.trim().slice(0, 200)) });

/** The ids of one console page (a list page of up to 1000 rows names at most two per row). */
const pageIds = z.array(z.string().max(200)).max(2000);
export const lookupNamesInput = z.object({ customerIds: pageIds, integrationIds: pageIds });
export const lookupInstanceNamesInput = z.object({ ids: pageIds });

/** The instance list's filters (`listFlowInstances`'s, without paging). */
export const countFlowInstancesInput = listFlowInstancesQuery.omit({ limit: true, cursor: true });
/** One page of the instance list: `listFlowInstances`'s query. */
export const instanceListViewInput = listFlowInstancesQuery;
