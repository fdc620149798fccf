import { afterAll, describe, expect, it } from "vitest";
import { runJavascript } from "./run-javascript";
import { runJavaScript, shutdownSandbox } from "../engine/sandbox";
import { makeContext } from "./test-helpers";

afterAll(() => shutdownSandbox({ disablePrewarm: true }));

describe("run-javascript", () => {
  it("runs the code with input, parameters and user and returns its result as the output", async () => {
    const ctx = makeContext({
      input: { trigger: { a: 2, b: 3 } },
      config: {
        code: `module.exports = async function ({ input, parameters, user, connection }) {
          console.log("adding", input.trigger.a, input.trigger.b);
          return { sum: input.trigger.a + input.trigger.b, tag: parameters.tag, user: user.internalId,
                   sawCredentials: JSON.stringify(connection).includes("secret") };
        };`,
      },
      runtime: {
        flowInstance: { id: "fi_1", parameters: { tag: "t1" } },
        connection: { credentials: { apiKey: "secret" } },
      },
    });
    const outputs = await runJavascript.execute(ctx);
    expect(outputs).toEqual([{ sum: 5, tag: "t1", user: "acme", sawCredentials: false }]);
    expect(ctx.logs.map((l) => l.message)).toEqual(["adding 2 3"]);
  });

  it("reports a timeout with the configured limit", async () => {
    const ctx = makeContext({
      config: { code: "module.exports = async function () { for (;;) {} };" },
      runtime: { sandbox: { timeoutMs: 200, memoryMb: 64, run: runJavaScript } },
    });
    await expect(runJavascript.execute(ctx)).rejects.toThrow("Code timed out after 200 ms");
  });

  it("fails with the thrown message", async () => {
    const ctx = makeContext({
      config: { code: 'module.exports = async function () { throw new Error("no luck"); };' },
    });
    await expect(runJavascript.execute(ctx)).rejects.toThrow("no luck");
  });

  it("uses the configured outputSchema", () => {
    const outputSchema = { type: "object", properties: { sum: { type: "number" } } };
    expect(runJavascript.outputSchema({ code: "", outputSchema }, {})).toBe(outputSchema);
    expect(runJavascript.outputSchema({ code: "" }, {})).toEqual({});
  });
});
