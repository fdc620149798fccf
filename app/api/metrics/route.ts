import { route } from "@/lib/server/route";
import { getMetricsText } from "@/lib/services/system/metrics";
import { readCacheStats } from "@/lib/server/read-cache";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { runIntakeStats } from "@/lib/engine/backlog";

export const dynamic = "force-dynamic";

// Prometheus scrape endpoint: admin bearer token (or console session) required.
export const GET = route({}, async ({ ctx }) => {
  const text = await getMetricsText({
    ctx,
    input: { apiReads: readCacheStats, signIns: loginThrottle.stats, runIntake: runIntakeStats() },
  });
  return new Response(text, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
});
