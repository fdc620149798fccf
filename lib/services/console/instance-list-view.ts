import { defineVerb } from "../shared/define-verb";
import { listFlowInstances } from "../flow-instances/list-flow-instances";
import { instanceListViewInput } from "./schemas";
import { countFlowInstances } from "./count-flow-instances";
import { lookupNames } from "./lookup-names";

/**
 * One page of the console's instance list as its table shows it: the rows (with customer and integration
 * names), the next cursor and the total matching the filters. The page renders it on the server and its
 * view route serves the same shape to the list's query, so both read it from here.
 */
export const instanceListView = defineVerb(instanceListViewInput, async ({ ctx, input }) => {
  const [page, total] = await Promise.all([
    listFlowInstances({ ctx, input }),
    countFlowInstances({ ctx, input }),
  ]);
  const names = await lookupNames({
    ctx,
    input: {
      customerIds: page.items.map((i) => i.userId),
      integrationIds: page.items.map((i) => i.integrationId),
    },
  });
  const readAt = Date.now();
  const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);
  return {
    /** When it was read (ms), so a client cache keeps whichever read is newer. */
    readAt,
    total: total.total,
    cursor: page.cursor || undefined,
    items: page.items.map((i) => ({
      id: i.id,
      name: i.name,
      instanceKey: i.instanceKey ?? undefined,
      customerId: i.userId,
      customerName: names.customers[i.userId]?.name ?? i.userId,
      integrationId: i.integrationId,
      integrationName: names.integrations[i.integrationId] ?? i.integrationId,
      flowId: i.flowId,
      flowName: i.flow.name,
      enabled: !!i.enabled,
      isCustomized: !!i.isCustomized,
      outdated: !!i.outdated,
      setupFailed: i.state !== "READY",
      archived: !!i.archivedAt,
      lastRun: i.lastRun ? { id: i.lastRun.id, state: i.lastRun.state, at: iso(i.lastRun.at) } : undefined,
    })),
  };
});

export type InstanceListView = Awaited<ReturnType<typeof instanceListView>>;
export type InstanceListRow = InstanceListView["items"][number];
