"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { suggestInstances } from "@/lib/services/console/suggest-instances";
import type { PickerOption } from "@/components/ui/picker";

/** The Runs page's instance filter: suggestions as the operator types (a public endpoint: `q` is checked). */
export async function suggestRunInstances(q: unknown): Promise<PickerOption[]> {
  const text = typeof q === "string" ? q.slice(0, 200) : "";
  const found = await suggestInstances({ ctx: await consoleCtx(), input: { q: text } });
  return found.map((i) => ({
    value: i.id,
    label: i.name,
    detail: [i.customerName, i.flowName, i.archived ? "archived" : ""].filter(Boolean).join(" · "),
  }));
}
