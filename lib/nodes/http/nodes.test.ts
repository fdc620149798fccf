import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jwtVerify } from "jose";
import { apiRequestToExternalApp } from "./api-request-to-external-app";
import { apiRequestToYourApp } from "./api-request-to-your-app";
import { customHttpRequest } from "./custom-http-request";
import { clearTokenCache } from "./auth";
import { getNodeType } from "../registry";
import { makeContext, sendJson, startServer, type TestServer } from "../test-helpers";

let api: TestServer;
let other: TestServer;
let tokensIssued = 0;
let rejectToken: string | undefined;

beforeAll(async () => {
  other = await startServer((req, res) => sendJson(res, 200, { headers: req.headers }));
  api = await startServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/oauth/token") {
      tokensIssued++;
      return sendJson(res, 200, {
        access_token: `tok-${tokensIssued}`,
        token_type: "bearer",
        expires_in: 3600,
      });
    }
    if (req.headers.authorization && req.headers.authorization === rejectToken) {
      return sendJson(res, 401, { error: "token revoked" });
    }
    if (url.pathname.endsWith("/slow")) return; // never answers
    if (url.pathname.endsWith("/fail")) return sendJson(res, 500, { error: "boom" });
    if (url.pathname.endsWith("/elsewhere")) {
      res.writeHead(302, { location: `${other.url}/landing` });
      return void res.end();
    }
    let body: unknown = req.body;
    try {
      body = JSON.parse(req.body);
    } catch {
      // keep raw text
    }
    sendJson(res, 200, {
      method: req.method,
      path: url.pathname,
      query: url.search,
      headers: req.headers,
      body,
    });
  });
});

afterAll(async () => {
  await api.close();
  await other.close();
});

afterEach(() => {
  clearTokenCache();
  rejectToken = undefined;
});

type Echo = { method: string; path: string; query: string; headers: Record<string, string>; body: unknown };
const echoOf = (outputs: unknown[]) => (outputs[0] as { data: Echo }).data;

describe("registration", () => {
  it("registers the HTTP nodes under their SDK names and deprecated aliases", () => {
    expect(getNodeType("api-request-to-external-app")).toBe(apiRequestToExternalApp);
    expect(getNodeType("custom-api-request")).toBe(apiRequestToExternalApp);
    expect(getNodeType("api-request-to-your-app")).toBe(apiRequestToYourApp);
    expect(getNodeType("http-request")).toBe(apiRequestToYourApp);
    expect(getNodeType("custom-http-request")).toBe(customHttpRequest);
    expect(getNodeType("api-request")).toBe(customHttpRequest);
  });
});

describe("api-request-to-external-app", () => {
  const integration = () => ({ baseUri: `${api.url}/v1`, auth: { type: "api-key", header: "X-Crm-Key" } });

  it("sends the evaluated request to baseUri + path with the API key header", async () => {
    const ctx = makeContext({
      input: { trigger: { id: "42", name: "Ada" } },
      config: {
        request: {
          method: "POST",
          path: { $tpl: { template: "/contacts/{{id}}", values: { id: { $var: "$.input.trigger.id" } } } },
          query: { expand: "owner", tags: ["a", "b"] },
          headers: { "X-Trace": "t1" },
          data: { name: { $var: "$.input.trigger.name" } },
        },
      },
      runtime: { integration: integration(), connection: { credentials: { apiKey: "k-123" } } },
    });
    const outputs = await apiRequestToExternalApp.execute(ctx);
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ status: 200, headers: { "content-type": "application/json" } });
    const echo = echoOf(outputs);
    expect(echo).toMatchObject({
      method: "POST",
      path: "/v1/contacts/42",
      query: "?expand=owner&tags=a&tags=b",
    });
    expect(echo.headers["x-crm-key"]).toBe("k-123");
    expect(echo.headers["x-trace"]).toBe("t1");
    expect(echo.body).toEqual({ name: "Ada" });
    // The key is in the request but never in the node's logs.
    expect(JSON.stringify(ctx.logs)).not.toContain("k-123");
    expect(ctx.logs[0].message).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/contacts\/42\?expand=owner.* → 200/,
    );
  });

  it("resolves a baseUri starting with / against the app URL", async () => {
    const ctx = makeContext({
      config: { request: { path: "/contacts" } },
      runtime: { appUrl: api.url, integration: { baseUri: "/sandbox/crm", auth: { type: "none" } } },
    });
    expect(echoOf(await apiRequestToExternalApp.execute(ctx)).path).toBe("/sandbox/crm/contacts");
  });

  it("uses bearer and basic credentials", async () => {
    const bearer = makeContext({
      config: { request: { path: "/me" } },
      runtime: {
        integration: { baseUri: api.url, auth: { type: "bearer" } },
        connection: { credentials: { token: "bt" } },
      },
    });
    expect(echoOf(await apiRequestToExternalApp.execute(bearer)).headers.authorization).toBe("Bearer bt");

    const basic = makeContext({
      config: { request: { path: "/me" } },
      runtime: {
        integration: { baseUri: api.url, auth: { type: "basic" } },
        connection: { credentials: { username: "ann", password: "pw" } },
      },
    });
    const header = echoOf(await apiRequestToExternalApp.execute(basic)).headers.authorization;
    expect(header).toBe(`Basic ${Buffer.from("ann:pw").toString("base64")}`);
    expect(JSON.stringify(basic.logs)).not.toContain(header.slice(6));
  });

  it("fetches an OAuth client-credentials token once and reuses it until a 401", async () => {
    const runtime = {
      integration: {
        baseUri: api.url,
        auth: { type: "oauth2-client-credentials", tokenUri: `${api.url}/oauth/token` },
      },
      connection: { id: "conn_oauth", credentials: { clientId: "cid", clientSecret: "csecret" } },
    };
    const before = tokensIssued;
    const first = makeContext({ config: { request: { path: "/a" } }, runtime });
    const token = echoOf(await apiRequestToExternalApp.execute(first)).headers.authorization;
    expect(token).toBe(`Bearer tok-${before + 1}`);
    const tokenRequest = api.requests.find((r) => r.url === "/oauth/token" && r.body.includes("cid"));
    expect(new URLSearchParams(tokenRequest?.body)).toEqual(
      new URLSearchParams({ grant_type: "client_credentials", client_id: "cid", client_secret: "csecret" }),
    );

    const second = makeContext({ config: { request: { path: "/b" } }, runtime });
    expect(echoOf(await apiRequestToExternalApp.execute(second)).headers.authorization).toBe(token);
    expect(tokensIssued).toBe(before + 1);

    // The API starts rejecting the cached token: the node gets a new one and retries once.
    rejectToken = token;
    const third = makeContext({ config: { request: { path: "/c" } }, runtime });
    expect(echoOf(await apiRequestToExternalApp.execute(third)).headers.authorization).toBe(
      `Bearer tok-${before + 2}`,
    );
    expect(JSON.stringify([first.logs, second.logs, third.logs])).not.toMatch(/csecret|tok-\d/);
  });

  it("fails on non-2xx with the status, or returns the response with allowNon2xx", async () => {
    const runtime = { integration: { baseUri: api.url } };
    await expect(
      apiRequestToExternalApp.execute(makeContext({ config: { request: { path: "/fail" } }, runtime })),
    ).rejects.toThrow(/failed with status 500: \{"error":"boom"\}/);
    const outputs = await apiRequestToExternalApp.execute(
      makeContext({ config: { request: { path: "/fail" }, allowNon2xx: true }, runtime }),
    );
    expect(outputs[0]).toMatchObject({ status: 500, data: { error: "boom" } });
  });

  it("times out after the configured timeout", async () => {
    const ctx = makeContext({
      config: { request: { path: "/slow" }, timeout: 100 },
      runtime: { integration: { baseUri: api.url } },
    });
    await expect(apiRequestToExternalApp.execute(ctx)).rejects.toThrow("Request timed out after 100 ms");
  });

  it("never sends credentials to another origin, neither by path nor by redirect", async () => {
    const runtime = { integration: integration(), connection: { credentials: { apiKey: "k-123" } } };
    await expect(
      apiRequestToExternalApp.execute(
        makeContext({ config: { request: { path: `${other.url}/steal` } }, runtime }),
      ),
    ).rejects.toThrow(/leaves the base URL/);

    const outputs = await apiRequestToExternalApp.execute(
      makeContext({ config: { request: { path: "/elsewhere" } }, runtime }),
    );
    const landed = (outputs[0] as { data: { headers: Record<string, string> } }).data.headers;
    expect(landed["x-crm-key"]).toBeUndefined();
  });

  it("reports a missing credential clearly", async () => {
    const ctx = makeContext({ config: { request: { path: "/x" } }, runtime: { integration: integration() } });
    await expect(apiRequestToExternalApp.execute(ctx)).rejects.toThrow(
      /credentials have no API key \(expected "apiKey"\)/,
    );
  });

  it("derives outputSchema from responseSchema and validates formula references", () => {
    const responseSchema = { type: "object", properties: { id: { type: "string" } } };
    expect(apiRequestToExternalApp.outputSchema({ responseSchema }, {})).toEqual({
      type: "object",
      properties: { status: { type: "number" }, headers: { type: "object" }, data: responseSchema },
    });
    const contextSchema = {
      type: "object",
      properties: {
        input: {
          type: "object",
          properties: { trigger: { type: "object", properties: { id: { type: "string" } } } },
        },
      },
    };
    const issues = apiRequestToExternalApp.validate?.(
      { request: { path: "/x", data: { a: { $var: "$.input.trigger.nope" } } } },
      contextSchema,
    );
    expect(issues).toEqual([
      { path: "request.data.a", message: expect.stringMatching(/is not in the input/) },
    ]);
  });
});

describe("api-request-to-your-app", () => {
  it("calls appUrl + path with a customer JWT signed by the workspace secret", async () => {
    const ctx = makeContext({
      config: { request: { method: "PUT", path: "/api/things", data: { a: 1 } } },
      runtime: { appUrl: `${api.url}/`, workspaceKey: "wk", workspaceSecret: "a-very-long-workspace-secret" },
    });
    const echo = echoOf(await apiRequestToYourApp.execute(ctx));
    expect(echo).toMatchObject({ method: "PUT", path: "/api/things", body: { a: 1 } });
    const token = echo.headers.authorization.replace(/^Bearer /, "");
    const { payload, protectedHeader } = await jwtVerify(
      token,
      new TextEncoder().encode("a-very-long-workspace-secret"),
      {
        issuer: "wk",
      },
    );
    expect(protectedHeader.alg).toBe("HS256");
    expect(payload).toMatchObject({ id: "acme", iss: "wk" });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    expect(JSON.stringify(ctx.logs)).not.toContain(token);
  });

  it("fails on non-2xx unless allowNon2xx", async () => {
    const runtime = { appUrl: api.url };
    await expect(
      apiRequestToYourApp.execute(makeContext({ config: { request: { path: "/fail" } }, runtime })),
    ).rejects.toThrow(/status 500/);
    const outputs = await apiRequestToYourApp.execute(
      makeContext({ config: { request: { path: "/fail" }, allowNon2xx: true }, runtime }),
    );
    expect(outputs[0]).toMatchObject({ status: 500 });
  });
});

describe("custom-http-request", () => {
  it("sends the evaluated request without connection credentials", async () => {
    const ctx = makeContext({
      input: { t: { q: "ada" } },
      config: {
        url: { $tpl: { template: "{{base}}/search", values: { base: api.url } } },
        method: "POST",
        query: { q: { $var: "$.input.t.q" } },
        headers: { "X-Token": "abc" },
        body: { hello: "world" },
      },
      runtime: {
        connection: { credentials: { apiKey: "never-sent" } },
        integration: { auth: { type: "api-key" } },
      },
    });
    const echo = echoOf(await customHttpRequest.execute(ctx));
    expect(echo).toMatchObject({
      method: "POST",
      path: "/search",
      query: "?q=ada",
      body: { hello: "world" },
    });
    expect(echo.headers["x-token"]).toBe("abc");
    expect(JSON.stringify(echo.headers)).not.toContain("never-sent");
  });

  it("fails on non-2xx, supports allowNon2xx and timeouts, and stops on abort", async () => {
    await expect(
      customHttpRequest.execute(makeContext({ config: { url: `${api.url}/fail` } })),
    ).rejects.toThrow(/status 500/);
    const outputs = await customHttpRequest.execute(
      makeContext({ config: { url: `${api.url}/fail`, allowNon2xx: true } }),
    );
    expect(outputs[0]).toMatchObject({ status: 500 });
    await expect(
      customHttpRequest.execute(makeContext({ config: { url: `${api.url}/slow`, timeout: 80 } })),
    ).rejects.toThrow("Request timed out after 80 ms");

    const controller = new AbortController();
    const pending = customHttpRequest.execute(
      makeContext({ config: { url: `${api.url}/slow` }, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toThrow("Request aborted");
  });

  it("rejects a url that does not evaluate to a string", async () => {
    await expect(
      customHttpRequest.execute(makeContext({ config: { url: { $var: "$.input.none" } } })),
    ).rejects.toThrow(/url must evaluate to a non-empty string/);
  });
});
