"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { UiActions } from "@/lib/server/ui-actions";

/** The one server action that runs a UI action by name on the console's or the embed's behalf (app/ui-actions.ts). */
export type CallUiAction = (surface: Surface, name: string, ...args: unknown[]) => Promise<unknown>;
export type Surface = "console" | "embed";

const ActionsContext = createContext<UiActions | null>(null);

/**
 * Gives the components below it the actions of one surface: the console layout passes "console", the embed
 * layout "embed", both with the same `call`. Components never import server actions themselves.
 */
export function ActionsProvider({
  surface,
  call,
  children,
}: {
  surface: Surface;
  call: CallUiAction;
  children: ReactNode;
}) {
  const actions = useMemo(
    () =>
      new Proxy({} as UiActions, {
        get: (_target, name) =>
          typeof name === "string" ? (...args: unknown[]) => call(surface, name, ...args) : undefined,
      }),
    [surface, call],
  );
  return <ActionsContext.Provider value={actions}>{children}</ActionsContext.Provider>;
}

/** The server actions of the page's surface (console or embed). */
export function useActions(): UiActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error("useActions: no <ActionsProvider> above this component");
  return actions;
}
