import type { NodeType } from "./types";

// Node types added beyond the first slice register here (HTTP, data records, run-javascript, for-each).
export const extraNodeTypes: NodeType[] = [];
