"use client";

import { useEffect, useMemo, useSyncExternalStore } from "react";
import { stableStringify, type FlowNodes } from "@/lib/core/flow";
import type { JsonSchema } from "@/lib/core/schema";

/*
 * Unsaved node configs, kept in the browser while the user moves between nodes: the panel of a node is
 * mounted per selection, so its edits would be lost on switching, and the nodes after it would offer the
 * saved output as variables instead of what is being edited. A draft remembers the config it was made
 * from (`base`); it is dropped once saved or when the stored config changes under it (reset, another save).
 */
export type NodeDraft = {
  config: unknown;
  /** stableStringify of the stored config the draft started from. */
  base: string;
  /** The node's output schema as edited (`x-output-from` node types), for the nodes after it. */
  outputSchema?: JsonSchema;
  /** What that output evaluates to against the node's own sample input, for the previews after it. */
  output?: unknown;
};

type Drafts = ReadonlyMap<string, NodeDraft>;
const EMPTY: Drafts = new Map();
const byInstance = new Map<string, Drafts>();
const listeners = new Set<() => void>();

function write(instanceId: string, next: Drafts) {
  if (next.size) byInstance.set(instanceId, next);
  else byInstance.delete(instanceId);
  for (const l of listeners) l();
}

export function setNodeDraft(instanceId: string, nodeKey: string, draft: NodeDraft | undefined) {
  const current = byInstance.get(instanceId) ?? EMPTY;
  if (!draft && !current.has(nodeKey)) return;
  const next = new Map(current);
  if (draft) next.set(nodeKey, draft);
  else next.delete(nodeKey);
  write(instanceId, next);
}

export const configKey = (config: unknown) => stableStringify(config ?? {});

/** The draft of one node, when it still applies to the stored config. */
export function nodeDraft(instanceId: string, nodeKey: string, storedConfig: unknown): NodeDraft | undefined {
  const d = byInstance.get(instanceId)?.get(nodeKey);
  return d && d.base === configKey(storedConfig) ? d : undefined;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useNodeDrafts(instanceId: string): Drafts {
  return useSyncExternalStore(
    subscribe,
    () => byInstance.get(instanceId) ?? EMPTY,
    () => EMPTY,
  );
}

/** Drops the drafts whose stored config changed (the instance was reset, set up or saved elsewhere). */
export function useDropStaleDrafts(instanceId: string, nodes: FlowNodes) {
  useEffect(() => {
    const current = byInstance.get(instanceId);
    if (!current) return;
    const next = new Map([...current].filter(([k, d]) => nodes[k] && d.base === configKey(nodes[k].config)));
    if (next.size !== current.size) write(instanceId, next);
  }, [instanceId, nodes]);
}

const draftIds = new WeakMap<NodeDraft, number>();
let nextDraftId = 0;
const draftId = (d: NodeDraft) => {
  let id = draftIds.get(d);
  if (id === undefined) draftIds.set(d, (id = ++nextDraftId));
  return id;
};

/** The drafts of other nodes with an output schema, among `keys`. */
function upstreamDrafts(instanceId: string, nodeKey: string, keys: Record<string, unknown> | undefined) {
  const used: [string, NodeDraft & { outputSchema: JsonSchema }][] = [];
  if (keys)
    for (const [k, d] of byInstance.get(instanceId) ?? EMPTY)
      if (k !== nodeKey && d.outputSchema && Object.hasOwn(keys, k))
        used.push([k, d as NodeDraft & { outputSchema: JsonSchema }]);
  return used;
}

/**
 * A node's input schema with the upstream nodes' unsaved output schemas in place of the stored ones (a node
 * without a draft of its own keeps its stored output, even after an edited one). The store is read through a signature
 * string, so edits of the open node do not recompute its own variables.
 */
export function useInputSchemaWithDrafts(
  instanceId: string,
  nodeKey: string,
  inputSchema: JsonSchema | undefined,
): { schema: JsonSchema | undefined; draftOutputs?: Record<string, unknown> } {
  const props = inputSchema?.properties;
  const signature = useSyncExternalStore(
    subscribe,
    () =>
      upstreamDrafts(instanceId, nodeKey, props)
        .map(([k, d]) => `${k}:${draftId(d)}`)
        .join(","),
    () => "",
  );
  return useMemo(() => {
    const used = signature ? upstreamDrafts(instanceId, nodeKey, inputSchema?.properties) : [];
    if (!inputSchema || !used.length) return { schema: inputSchema };
    const schemas = Object.fromEntries(used.map(([k, d]) => [k, d.outputSchema]));
    return {
      schema: { ...inputSchema, properties: { ...inputSchema.properties, ...schemas } },
      draftOutputs: Object.fromEntries(
        used.filter(([, d]) => d.output !== undefined).map(([k, d]) => [k, d.output]),
      ),
    };
  }, [instanceId, nodeKey, inputSchema, signature]);
}
