import { z } from "zod";

/** enable / disable / run take flow instance ids; stop / repeat take flow run ids. */
export const bulkActions = ["enable", "disable", "run", "stop", "repeat"] as const;
export type BulkActionName = (typeof bulkActions)[number];
export const MAX_BULK_IDS = 500;

export const runBulkInput = z.object({
  action: z.enum(bulkActions),
  ids: z.array(z.string().min(1).max(100)).min(1).max(MAX_BULK_IDS),
});
export type RunBulkInput = z.infer<typeof runBulkInput>;
