import path from "node:path";
import { describe, expect, it } from "vitest";
import { createApiRouter } from "./api-router";

// The real route tree of app/api, matched the way Next.js matches it.
const router = createApiRouter(path.join(process.cwd(), "app/api"));

describe("api router", () => {
  it("finds static and dynamic routes, a static segment winning over a dynamic one", async () => {
    const restore = await router.match("POST", "/api/flow-instance/restore");
    expect(restore?.params).toEqual({});
    const listed = await import("@/app/api/flow-instances/route");
    expect((await router.match("GET", "/api/flow-instances"))?.handler).toBe(listed.GET);
    const one = await router.match("GET", "/api/flow-runs/abc/nodes/my%20node/runs/r1");
    expect(one?.params).toEqual({ id: "abc", key: "my node", runId: "r1" });
    expect((await router.match("GET", "/api/connections/c1/flows"))?.params).toEqual({ c: "c1" });
    expect((await router.match("POST", "/api/connections/c1/flows/f1/run"))?.params).toEqual({
      c: "c1",
      f: "f1",
    });
  });

  it("leaves unknown paths, methods a route does not export and odd paths to Next.js", async () => {
    expect(await router.match("GET", "/api/nope")).toBeUndefined();
    expect(await router.match("DELETE", "/api/health")).toBeUndefined();
    expect(await router.match("GET", "/api/flow-instances/")).toBeUndefined();
    expect(await router.match("GET", "/api/flow-instances/%E0%A4%A")).toBeUndefined();
    expect(await router.match("GET", "/flow-instances")).toBeUndefined();
  });
});
