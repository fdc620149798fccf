"use server";

import { consoleCtx } from "@/lib/server/console-auth";
import { embedCtx } from "@/lib/server/embed-auth";
import { uiActions, type UiActions } from "@/lib/server/ui-actions";

// The console's and the embed's buttons, one server action: `surface` picks whose session acts (the
// console cookie or the embed cookie, each checked by its ctx), `name` the action of lib/server/ui-actions.ts.
const surfaces = { console: uiActions(consoleCtx), embed: uiActions(embedCtx) };

export async function callUiAction(surface: string, name: string, ...args: unknown[]): Promise<unknown> {
  const actions = surface === "console" || surface === "embed" ? surfaces[surface] : undefined;
  if (!actions || !Object.hasOwn(actions, name))
    return { ok: false, error: `Unknown action "${String(surface)}.${String(name)}"` };
  return (actions[name as keyof UiActions] as (...a: unknown[]) => Promise<unknown>)(...args);
}
