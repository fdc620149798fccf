import { route } from "@/lib/server/route";
import { getMetricsText } from "@/lib/services/system/metrics";
import { readCacheStats } from "@/lib/server/read-cache";

export const dynamic = "force-dynamic";

// Prometheus scrape endpoint: admin bearer token (or console session) required.
export const GET = route({}, async ({ ctx }) => {
  const text =
    (await getMetricsText({ ctx })) +
    "# HELP flowdeck_api_reads_total API reads by outcome: reused while the database was unchanged, or computed.\n" +
    "# TYPE flowdeck_api_reads_total counter\n" +
    `flowdeck_api_reads_total{outcome="reused"} ${readCacheStats.hits}\n` +
    `flowdeck_api_reads_total{outcome="computed"} ${readCacheStats.computed}\n`;
  return new Response(text, {
    headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" },
  });
});
