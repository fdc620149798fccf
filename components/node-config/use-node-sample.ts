"use client";

import { useEffect, useState } from "react";
import type { NodeSample } from "@/lib/services/console/get-node-sample";

/**
 * The node's input in the instance's latest run, fetched once when the panel opens (previews then evaluate
 * in the browser on every edit, with no further request). An example when the fetch fails.
 */
export function useNodeSample(instanceId: string, nodeKey: string): NodeSample | "loading" {
  const [sample, setSample] = useState<{ for: string; value: NodeSample }>();
  const key = `${instanceId}/${nodeKey}`;
  useEffect(() => {
    const ctrl = new AbortController();
    fetch(`/flow-instances/${instanceId}/node-sample?nodeKey=${encodeURIComponent(nodeKey)}`, {
      signal: ctrl.signal,
    })
      .then((r) => (r.ok ? (r.json() as Promise<NodeSample>) : { source: "example" as const }))
      .catch(() => ({ source: "example" as const }))
      .then((value) => {
        if (!ctrl.signal.aborted) setSample({ for: key, value });
      });
    return () => ctrl.abort();
  }, [instanceId, nodeKey, key]);
  return sample?.for === key ? sample.value : "loading";
}
