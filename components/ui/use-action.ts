"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useToast } from "./toast";

type Result<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Runs a server action with a pending flag, a toast for the outcome and a page refresh on success
 * (server components re-render with fresh data).
 */
export function useAction() {
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const run = <T>(
    action: () => Promise<Result<T>>,
    opts: {
      success?: string | ((data: T) => string);
      onOk?: (data: T) => void;
      onError?: (message: string) => void;
      refresh?: boolean;
    } = {},
  ) =>
    start(async () => {
      let res: Result<T>;
      try {
        res = await action();
      } catch (e) {
        res = {
          ok: false,
          error: e instanceof Error && e.message ? e.message : "Unexpected error; try again",
        };
      }
      if (res.ok) {
        const msg = typeof opts.success === "function" ? opts.success(res.data) : opts.success;
        if (msg) toast.success(msg);
        opts.onOk?.(res.data);
        if (opts.refresh !== false) router.refresh();
      } else {
        toast.error(res.error);
        opts.onError?.(res.error);
      }
    });
  return { pending, run };
}
