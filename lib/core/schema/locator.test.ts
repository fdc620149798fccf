import { describe, expect, it } from "vitest";
import { formatLocator, InvalidLocatorError, parseLocator } from "./locator";

describe("parseLocator", () => {
  it("reads $-prefixed, bare and root locators", () => {
    expect(parseLocator("$.input.trigger.a")).toEqual(["input", "trigger", "a"]);
    expect(parseLocator("input.trigger.a")).toEqual(["input", "trigger", "a"]);
    expect(parseLocator("$")).toEqual([]);
    expect(parseLocator("")).toEqual([]);
  });

  it("reads bracket and dot indexes as numbers", () => {
    expect(parseLocator("$.a.b[0].c")).toEqual(["a", "b", 0, "c"]);
    expect(parseLocator("a.b.0.c")).toEqual(["a", "b", 0, "c"]);
    expect(parseLocator("$[2]")).toEqual([2]);
  });

  it("reads quoted and escaped property names", () => {
    expect(parseLocator('a["x.y"].b')).toEqual(["a", "x.y", "b"]);
    expect(parseLocator("a.x\\.y")).toEqual(["a", "x.y"]);
  });

  it("rejects malformed locators", () => {
    expect(() => parseLocator("a..b")).toThrow(InvalidLocatorError);
    expect(() => parseLocator("a.")).toThrow(InvalidLocatorError);
    expect(() => parseLocator("a[0")).toThrow(InvalidLocatorError);
    expect(() => parseLocator("a[x]")).toThrow(InvalidLocatorError);
  });

  it("formats steps for messages", () => {
    expect(formatLocator(["input", "items", 0, "first name"])).toBe('input.items[0]["first name"]');
  });
});
