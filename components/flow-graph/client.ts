"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False while rendering on the server and hydrating, true from the first client render after that. */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/** Runs `fn` when the browser is idle (at the latest after `timeout` ms); returns a cancel function. */
export function whenIdle(fn: () => void, timeout = 1000): () => void {
  if (typeof requestIdleCallback === "function") {
    const id = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 1);
  return () => clearTimeout(id);
}

/**
 * A module loaded on demand, without Suspense: React reveals content that suspended at most every 300 ms
 * (FALLBACK_THROTTLE_MS), which `next/dynamic`/`React.lazy` would add to the first node selection even when
 * the chunk is already there. `preload()` fetches it ahead of time; `useModule(wanted)` returns the module
 * once loaded (re-rendering when it arrives) and starts loading when `wanted`.
 */
export function lazyModule<T>(load: () => Promise<T>) {
  let value: T | undefined;
  let error: unknown;
  let promise: Promise<T> | undefined;
  const get = () =>
    (promise ??= load().then(
      (v) => (value = v),
      (e: unknown) => {
        promise = undefined; // a later attempt may succeed (e.g. after a network hiccup)
        error = e;
        throw e;
      },
    ));
  return {
    preload: () => void get().catch(() => {}),
    useModule(wanted: boolean): { module?: T; failed: boolean; retry: () => void } {
      const [, rerender] = useState(0);
      const [attempt, setAttempt] = useState(0);
      useEffect(() => {
        if (!wanted || value) return;
        let live = true;
        const done = () => live && rerender((n) => n + 1);
        get().then(done, done);
        return () => {
          live = false;
        };
      }, [wanted, attempt]);
      return {
        module: value,
        failed: !value && !promise && error !== undefined,
        retry: () => {
          error = undefined;
          setAttempt((n) => n + 1);
        },
      };
    },
  };
}
