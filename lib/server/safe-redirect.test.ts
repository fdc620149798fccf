import { describe, expect, it } from "vitest";
import { sameOriginPath } from "./safe-redirect";

describe("sameOriginPath", () => {
  it("keeps paths on this origin", () => {
    expect(sameOriginPath("/flow-runs?state=failed#top")).toBe("/flow-runs?state=failed#top");
    expect(sameOriginPath("/flow-instances/abc")).toBe("/flow-instances/abc");
  });
  it("refuses anything a browser could take for another origin", () => {
    for (const bad of [
      "//evil.example/x",
      "/\\evil.example/x",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/\t/evil.example",
      "",
      undefined,
    ])
      expect(sameOriginPath(bad), String(bad)).toBe("/flow-instances");
  });
});
