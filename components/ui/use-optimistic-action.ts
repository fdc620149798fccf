"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { startTransition, useState } from "react";
import { useToast } from "./toast";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

type Call<T, V> = {
  action: () => Promise<Result<T>>;
  /** What the control shows while the action is in flight (rolled back when it fails). */
  optimistic?: V;
  success?: string | ((data: T) => string);
  onOk?: (data: T) => void;
  onError?: (message: string) => void;
};

/**
 * A server action (from `useActions()`) as a TanStack mutation: the control shows `optimistic` at once, an
 * error rolls it back with a toast; on success the `invalidates` query keys are read again and the server
 * components re-render once (`router.refresh()` after a change, not polling).
 */
export function useOptimisticAction<V = undefined>({
  invalidates = [],
  refresh = true,
}: { invalidates?: QueryKey[]; refresh?: boolean } = {}) {
  const qc = useQueryClient();
  const toast = useToast();
  const router = useRouter();
  const [optimistic, setOptimistic] = useState<{ value: V } | undefined>();
  const m = useMutation<unknown, Error, Call<unknown, V>>({
    mutationFn: async (call) => {
      const res = await call.action();
      if (!res.ok) throw new Error(res.error);
      return res.data;
    },
    onMutate: (call) => {
      if ("optimistic" in call) setOptimistic({ value: call.optimistic as V });
    },
    onError: (err, call) => {
      setOptimistic(undefined);
      const message = err instanceof Error && err.message ? err.message : "Unexpected error; try again";
      toast.error(message);
      call.onError?.(message);
    },
    onSuccess: (data, call) => {
      const msg = typeof call.success === "function" ? call.success(data) : call.success;
      if (msg) toast.success(msg);
      call.onOk?.(data);
      for (const queryKey of invalidates) void qc.invalidateQueries({ queryKey });
      // The optimistic value gives way in the same commit as the refreshed server components (no flash back).
      startTransition(() => {
        setOptimistic(undefined);
        if (refresh) router.refresh();
      });
    },
  });
  return {
    pending: m.isPending,
    /** The optimistic value while an action is in flight (until the page shows the server's), else `fallback`. */
    shown: (fallback: V) => (optimistic ? optimistic.value : fallback),
    run: <T>(call: Call<T, V>) => m.mutate(call as Call<unknown, V>),
  };
}
