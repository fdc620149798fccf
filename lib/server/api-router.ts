import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ApiRequest } from "./route";

// The REST API's routes, found the way Next.js finds them (`app/api/**/route.ts`, `[name]` = one dynamic
// segment; a static segment wins over a dynamic one at the same level), so that the production server
// (scripts/server.ts) can call a route's handler without Next.js's request pipeline. The route modules are
// the same files Next.js serves; nothing is declared twice.

export type RouteHandler = (
  req: ApiRequest,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response> | Response;
type RouteModule = Partial<Record<string, unknown>>;

type Node = {
  statics: Map<string, Node>;
  dynamic?: { name: string; node: Node };
  file?: string;
};

const newNode = (): Node => ({ statics: new Map() });

function addRoutes(node: Node, dir: string) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && /^route\.(ts|js|mjs)$/.test(entry.name)) node.file = full;
    if (!entry.isDirectory()) continue;
    const dynamic = /^\[([A-Za-z0-9_]+)\]$/.exec(entry.name);
    if (/^[[(]/.test(entry.name) && !dynamic) continue; // catch-alls and groups: left to Next.js
    let child: Node;
    if (dynamic) {
      if (node.dynamic && node.dynamic.name !== dynamic[1]) continue; // ambiguous: left to Next.js
      node.dynamic ??= { name: dynamic[1], node: newNode() };
      child = node.dynamic.node;
    } else {
      child = node.statics.get(entry.name) ?? newNode();
      node.statics.set(entry.name, child);
    }
    addRoutes(child, full);
  }
}

function find(
  node: Node,
  segments: string[],
  i: number,
  params: Record<string, string>,
): { file: string; params: Record<string, string> } | undefined {
  if (i === segments.length) return node.file ? { file: node.file, params } : undefined;
  const s = segments[i];
  const stat = node.statics.get(s);
  const hit = stat && find(stat, segments, i + 1, params);
  if (hit) return hit;
  if (node.dynamic && s !== "")
    return find(node.dynamic.node, segments, i + 1, { ...params, [node.dynamic.name]: s });
  return undefined;
}

export function createApiRouter(apiDir: string) {
  const root = newNode();
  addRoutes(root, apiDir);
  const modules = new Map<string, Promise<RouteModule>>();
  return {
    /**
     * The handler of `method` for a path under /api, or undefined when Next.js should answer (no such
     * route, a method the route does not export, a malformed path).
     */
    async match(
      method: string,
      pathname: string,
    ): Promise<{ handler: RouteHandler; params: Record<string, string> } | undefined> {
      if (!pathname.startsWith("/api/") || pathname.endsWith("/")) return undefined;
      let segments: string[];
      try {
        segments = pathname.slice("/api/".length).split("/").map(decodeURIComponent);
      } catch {
        return undefined;
      }
      const hit = find(root, segments, 0, {});
      if (!hit) return undefined;
      let mod = modules.get(hit.file);
      if (!mod) modules.set(hit.file, (mod = import(pathToFileURL(hit.file).href) as Promise<RouteModule>));
      const handler = (await mod)[method];
      return typeof handler === "function"
        ? { handler: handler as RouteHandler, params: hit.params }
        : undefined;
    },
  };
}
