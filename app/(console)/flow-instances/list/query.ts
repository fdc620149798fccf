import { listFlowInstancesQuery } from "@/lib/services/flow-instances/schemas";
import { parseListQuery } from "../../_lib/list-query";

export const PAGE_SIZE = 50;

/** The list's query from its address ("archived=all" is the console's spelling of includeArchived). */
export function instanceListQuery(sp: Record<string, string | undefined>) {
  const { archived, ...rest } = sp;
  const raw = {
    ...rest,
    ...(archived === "all" ? { includeArchived: "true" } : archived ? { archived } : {}),
  };
  return parseListQuery(listFlowInstancesQuery, raw, PAGE_SIZE);
}
