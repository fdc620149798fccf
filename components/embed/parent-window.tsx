"use client";

import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { originAllowed } from "@/lib/core/embed";

export type EmbedMessage = { type: "saved" | "close"; [key: string]: unknown };

/**
 * The parent's origin, when it is allowed to receive messages: `document.referrer`'s origin (the page that
 * opened the frame), else the direct ancestor's origin (Chromium's `location.ancestorOrigins`). It must be this
 * app's own origin or match one of EMBED_ALLOWED_ORIGINS; messages never go to `*`.
 */
export function parentTargetOrigin(allowed: string[]): string | undefined {
  if (typeof window === "undefined" || window.parent === window) return undefined;
  const candidates: string[] = [];
  try {
    if (document.referrer) candidates.push(new URL(document.referrer).origin);
  } catch {
    // An unparsable referrer: try the ancestor below.
  }
  const ancestors = window.location.ancestorOrigins;
  if (ancestors?.length) candidates.push(ancestors[0]);
  for (const origin of candidates) {
    if (origin === "null") continue;
    if (origin === window.location.origin || allowed.some((a) => originAllowed(a, origin))) return origin;
  }
  return undefined;
}

type ParentApi = { post: (message: EmbedMessage) => boolean };
const ParentContext = createContext<ParentApi>({ post: () => false });

/** Gives embed components `post({type})` towards the parent window (allowed origins only). */
export function ParentWindowProvider({
  allowedOrigins,
  children,
}: {
  allowedOrigins: string[];
  children: ReactNode;
}) {
  const post = useCallback(
    (message: EmbedMessage) => {
      const target = parentTargetOrigin(allowedOrigins);
      if (!target) return false;
      window.parent.postMessage({ source: "flowdeck", ...message }, target);
      return true;
    },
    [allowedOrigins],
  );
  const api = useMemo(() => ({ post }), [post]);
  return <ParentContext.Provider value={api}>{children}</ParentContext.Provider>;
}

export const useParentWindow = () => useContext(ParentContext);
