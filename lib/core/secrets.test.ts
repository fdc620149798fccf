import { describe, expect, it } from "vitest";
import { isSecretName, redactSecrets } from "./secrets";

describe("redactSecrets", () => {
  it("keeps key names of credentials and drops every secret value, at any depth", () => {
    const diff = {
      changes: { name: "CRM", credentials: { apiKey: "s3cret-1", user: "ada" } },
      nodes: { http: { from: { config: { headers: { Authorization: "Bearer s3cret-2" } } }, to: null } },
      parameters: { from: { clientSecret: "s3cret-3", region: "eu" }, to: { password: "s3cret-4" } },
    };
    const out = redactSecrets(diff);
    expect(JSON.stringify(out)).not.toMatch(/s3cret/);
    expect(out.changes.credentials).toEqual({ redacted: true, keys: ["apiKey", "user"] });
    expect(out.changes.name).toBe("CRM");
    expect(out.parameters.from.region).toBe("eu");
    expect(diff.changes.credentials.apiKey).toBe("s3cret-1"); // the input is not changed
  });

  it("recognises secret field names, not ordinary ones", () => {
    for (const n of [
      "password",
      "apiKey",
      "api_key",
      "x-api-key",
      "accessToken",
      "clientSecret",
      "githubToken",
    ])
      expect(isSecretName(n), n).toBe(true);
    for (const n of ["name", "email", "tokens_used_count", "keyField", "description"])
      expect(isSecretName(n), n).toBe(false);
  });
});

describe("describeError", () => {
  it("never includes a failed query's parameters nor quoted values", async () => {
    const { describeError } = await import("./errors");
    const cause = Object.assign(new Error('invalid input syntax for type json: "s3cret-5"'), {
      code: "22P02",
    });
    const err = Object.assign(new Error("Failed query: insert into x values ($1)\nparams: s3cret-6"), {
      query: "insert into x values ($1)",
      params: ["s3cret-6"],
      cause,
    });
    const text = describeError(err);
    expect(text).not.toMatch(/s3cret/);
    expect(text).toContain("insert into x values ($1)");
    expect(text).toContain("22P02");
  });
});
