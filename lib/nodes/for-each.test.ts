import { describe, expect, it } from "vitest";
import { forEach, forEachIterationSchema } from "./for-each";
import { getNodeType } from "./registry";
import { makeContext } from "./test-helpers";

type Call = { root: string; input: Record<string, unknown> };

function fakeSubflow(calls: Call[], onCall?: (n: number) => void) {
  return async (root: string, input: Record<string, unknown>) => {
    calls.push({ root, input });
    onCall?.(calls.length);
    const { item, index } = input.loop as { item: number; index: number };
    // Odd items are "filtered out" inside the sub-flow: no output for them.
    return item % 2 ? [] : [{ doubled: item * 2, index }];
  };
}

describe("for-each-v2", () => {
  it("is also registered as for-each", () => {
    expect(getNodeType("for-each")).toBe(forEach);
  });

  it("runs the sub-flow once per item with {item, index} and outputs one summary", async () => {
    const calls: Call[] = [];
    const ctx = makeContext({
      nodeKey: "loop",
      input: { trigger: { numbers: [2, 3, 4] } },
      config: { items: { $var: "$.input.trigger.numbers" }, rootNodeKey: "body" },
      runSubflow: fakeSubflow(calls),
    });
    const outputs = await forEach.execute(ctx);
    expect(outputs).toEqual([
      { items: [[{ doubled: 4, index: 0 }], [], [{ doubled: 8, index: 2 }]], count: 3 },
    ]);
    expect(calls.map((c) => c.root)).toEqual(["body", "body", "body"]);
    expect(calls[1].input).toEqual({ trigger: { numbers: [2, 3, 4] }, loop: { item: 3, index: 1 } });
  });

  it("treats a missing list as empty and rejects non-lists", async () => {
    const calls: Call[] = [];
    const empty = makeContext({
      config: { items: { $var: "$.input.none" }, rootNodeKey: "body" },
      runSubflow: fakeSubflow(calls),
    });
    expect(await forEach.execute(empty)).toEqual([{ items: [], count: 0 }]);
    const bad = makeContext({
      config: { items: { a: 1 }, rootNodeKey: "body" },
      runSubflow: fakeSubflow(calls),
    });
    await expect(forEach.execute(bad)).rejects.toThrow("items must evaluate to a list, got object");
    expect(calls).toHaveLength(0);
  });

  it("stops between items when the run is aborted", async () => {
    const controller = new AbortController();
    const calls: Call[] = [];
    const ctx = makeContext({
      nodeKey: "loop",
      signal: controller.signal,
      config: { items: [2, 4, 6, 8], rootNodeKey: "body" },
      runSubflow: fakeSubflow(calls, (n) => n === 2 && controller.abort()),
    });
    await expect(forEach.execute(ctx)).rejects.toThrow("Stopped after 2 of 4 item(s)");
    expect(calls).toHaveLength(2);
  });

  it("declares its output and checks formula references", () => {
    expect(forEach.outputSchema({}, {})).toMatchObject({
      type: "object",
      properties: { items: { type: "array" }, count: { type: "number" } },
    });
    expect(
      forEach.validate?.(
        { items: { $var: "$.input.nope" }, rootNodeKey: "body" },
        { type: "object", properties: { input: { type: "object", properties: {} } } },
      ),
    ).toEqual([{ path: "items", message: expect.stringMatching(/is not in the input/) }]);
  });

  it("describes what the sub-flow sees under the loop's key", () => {
    const inputSchema = {
      type: "object",
      properties: {
        t: { type: "object", properties: { ids: { type: "array", items: { type: "string" } } } },
      },
    };
    expect(forEachIterationSchema({ items: { $var: "$.input.t.ids" } }, inputSchema)).toEqual({
      type: "object",
      properties: { item: { type: "string" }, index: { type: "integer" } },
    });
  });
});
