import { describe, expect, it } from "vitest";
import { cronIsValid, cronMatches } from "./cron";

describe("cron", () => {
  it("validates expressions", () => {
    expect(cronIsValid("*/5 * * * *")).toBe(true);
    expect(cronIsValid("0 9 * * 1-5")).toBe(true);
    expect(cronIsValid("61 * * * *")).toBe(false);
    expect(cronIsValid("* * *")).toBe(false);
    expect(cronIsValid("a * * * *")).toBe(false);
  });
  it("matches minutes, ranges and steps", () => {
    const d = new Date("2026-11-27T09:15:00Z"); // a Friday
    expect(cronMatches("*/5 * * * *", d)).toBe(true);
    expect(cronMatches("*/7 * * * *", d)).toBe(false);
    expect(cronMatches("15 9 * * 1-5", d)).toBe(true);
    expect(cronMatches("15 9 * * 0,6", d)).toBe(false);
  });
  it("reads the time in the given timezone", () => {
    const d = new Date("2026-11-27T09:00:00Z");
    expect(cronMatches("0 10 * * *", d, "Europe/Berlin")).toBe(true);
    expect(cronMatches("0 9 * * *", d, "Europe/Berlin")).toBe(false);
  });
});
