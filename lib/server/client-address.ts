import { getEnv } from "../env";

/** Set by the production server (scripts/server.ts) from the socket, replacing any value a client sent. */
export const CLIENT_ADDRESS_HEADER = "x-flowdeck-client-address";

/**
 * The address a request came from, for throttling: the socket's peer, or with TRUST_PROXY=on the first
 * address of X-Forwarded-For (set it only behind a proxy that overwrites that header).
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  if (getEnv().TRUST_PROXY === "on") {
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
