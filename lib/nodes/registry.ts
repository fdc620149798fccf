import type { NodeType } from "./types";
import { apiTrigger } from "./api-trigger";
import { scheduleTrigger } from "./schedule-trigger";
import { appEventTrigger } from "./app-event-trigger";
import { transformData } from "./transform-data";
import { filterNode } from "./filter";
import { extraNodeTypes } from "./extra";

const all: NodeType[] = [
  apiTrigger,
  scheduleTrigger,
  appEventTrigger,
  transformData,
  filterNode,
  ...extraNodeTypes,
];

const byType = new Map<string, NodeType>();
for (const t of all) {
  byType.set(t.type, t);
  for (const a of t.aliases ?? []) byType.set(a, t);
}

export function getNodeType(type: string): NodeType | undefined {
  return byType.get(type);
}

export function isKnownNodeType(type: string): boolean {
  return byType.has(type);
}

export const TRIGGER_TYPES = new Set(
  all.filter((t) => t.category === "trigger").flatMap((t) => [t.type, ...(t.aliases ?? [])]),
);
