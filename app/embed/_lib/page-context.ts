import { notFound } from "next/navigation";
import { embedCtxOrReason } from "@/lib/server/embed-auth";
import { embedAllowedOrigins } from "@/lib/server/embed-token";
import { parseEmbedTheme, type EmbedTheme } from "@/lib/core/embed";
import { NotFoundError } from "@/lib/core/errors";
import type { Ctx } from "@/lib/services/context";

/** Runs per page of the embed's run list (its first page is rendered with the configuration page). */
export const EMBED_RUNS_PAGE_SIZE = 10;

export type EmbedSearchParams = Promise<Record<string, string | string[] | undefined>>;

export type EmbedPage =
  | {
      ok: true;
      ctx: Ctx;
      theme: EmbedTheme;
      allowedOrigins: string[];
      sp: Record<string, string | undefined>;
    }
  | { ok: false; reason: string };

/** What every embed page needs: the customer ctx from the embed cookie, the theme and the allowed origins. */
export async function embedPage(searchParams: EmbedSearchParams): Promise<EmbedPage> {
  const raw = await searchParams;
  const auth = await embedCtxOrReason();
  if ("reason" in auth) return { ok: false, reason: auth.reason };
  const sp = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
  ) as Record<string, string | undefined>;
  return { ok: true, ctx: auth.ctx, theme: parseEmbedTheme(raw), allowedOrigins: embedAllowedOrigins(), sp };
}

/** Another customer's (or a missing) instance or run answers the embed's 404 page. */
export function orNotFound<T>(p: Promise<T>): Promise<T> {
  return p.catch((e) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
}
