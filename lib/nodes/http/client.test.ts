import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  sendHttpRequest as sendUnchecked,
  HttpStatusError,
  redactUrl,
  resolveTimeoutMs,
  MAX_TIMEOUT_MS,
  type HttpRequestOptions,
} from "./client";
import { parseAllowList } from "./outbound";
import { gzipSync } from "node:zlib";
import { sendJson, startServer, type LogEntry, type TestServer } from "../test-helpers";

let server: TestServer;
// The peer listens on 127.0.0.1, which the outbound policy only lets through when allow-listed.
const sendHttpRequest = (options: HttpRequestOptions) =>
  sendUnchecked({ policy: { allow: parseAllowList("127.0.0.1") }, ...options });

beforeAll(async () => {
  server = await startServer((req, res) => {
    const url = new URL(req.url, "http://x");
    switch (url.pathname) {
      case "/json":
        return sendJson(res, 200, { hello: "world" });
      case "/text":
        res.writeHead(200, { "content-type": "text/plain" });
        return void res.end("plain text");
      case "/empty":
        res.writeHead(204);
        return void res.end();
      case "/echo":
        return sendJson(res, 200, {
          method: req.method,
          body: req.body,
          contentType: req.headers["content-type"],
        });
      case "/gzip":
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
        return void res.end(
          gzipSync(JSON.stringify({ zipped: true, acceptEncoding: req.headers["accept-encoding"] })),
        );
      case "/missing":
        return sendJson(res, 404, { error: "no such thing" });
      case "/slow":
        // Never answers; the client's timeout or abort must end the request.
        return;
      case "/big":
        res.writeHead(200, { "content-type": "text/plain" });
        return void res.end("x".repeat(2048));
      case "/big-chunked": {
        // No content-length: the limit must also hold while streaming.
        res.writeHead(200, { "content-type": "text/plain", "transfer-encoding": "chunked" });
        for (let i = 0; i < 8; i++) res.write("y".repeat(512));
        return void res.end();
      }
      case "/loop": {
        const n = Number(url.searchParams.get("n") ?? 0);
        res.writeHead(302, { location: `/loop?n=${n + 1}` });
        return void res.end();
      }
      case "/redirect": {
        const left = Number(url.searchParams.get("left") ?? 0);
        res.writeHead(left > 0 ? 307 : 303, { location: left > 0 ? `/redirect?left=${left - 1}` : "/echo" });
        return void res.end();
      }
      default:
        return sendJson(res, 500, { error: "unexpected path" });
    }
  });
});

afterAll(() => server.close());

function collect(): { logs: LogEntry[]; log: (message: string, data?: unknown) => void } {
  const logs: LogEntry[] = [];
  return { logs, log: (message, data) => logs.push({ message, data }) };
}

describe("sendHttpRequest", () => {
  it("parses JSON and text bodies and returns status and headers", async () => {
    const json = await sendHttpRequest({ url: `${server.url}/json` });
    expect(json.status).toBe(200);
    expect(json.data).toEqual({ hello: "world" });
    expect(json.headers["content-type"]).toBe("application/json");
    expect((await sendHttpRequest({ url: `${server.url}/text` })).data).toBe("plain text");
    expect((await sendHttpRequest({ url: `${server.url}/empty` })).data).toBeNull();
  });

  it("decompresses gzip responses", async () => {
    const res = await sendHttpRequest({ url: `${server.url}/gzip` });
    expect(res.data).toEqual({ zipped: true, acceptEncoding: "gzip, deflate, br" });
  });

  it("sends objects as JSON and form-encodes them on request", async () => {
    const asJson = await sendHttpRequest({ method: "post", url: `${server.url}/echo`, body: { a: 1 } });
    expect(asJson.data).toEqual({ method: "POST", body: '{"a":1}', contentType: "application/json" });
    const asForm = await sendHttpRequest({
      method: "POST",
      url: `${server.url}/echo`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: { a: 1, b: "x y" },
    });
    expect(asForm.data).toMatchObject({ body: "a=1&b=x+y" });
  });

  it("throws on non-2xx with status and a body preview, unless allowNon2xx", async () => {
    const err = await sendHttpRequest({ url: `${server.url}/missing` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect((err as HttpStatusError).status).toBe(404);
    expect((err as Error).message).toMatch(/failed with status 404.*no such thing/);

    const res = await sendHttpRequest({ url: `${server.url}/missing`, allowNon2xx: true });
    expect(res).toMatchObject({ status: 404, data: { error: "no such thing" } });
  });

  it("times out with a clear message", async () => {
    const { logs, log } = collect();
    const started = Date.now();
    await expect(sendHttpRequest({ url: `${server.url}/slow`, timeoutMs: 150, log })).rejects.toThrow(
      "Request timed out after 150 ms",
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logs.at(-1)?.message).toMatch(/failed after \d+ ms: Request timed out after 150 ms/);
  });

  it("caps the timeout at 300 s and rejects nonsense", () => {
    expect(resolveTimeoutMs(undefined)).toBe(30_000);
    expect(resolveTimeoutMs(10_000_000)).toBe(MAX_TIMEOUT_MS);
    expect(() => resolveTimeoutMs(-1)).toThrow(/positive number/);
  });

  it("aborts when the run's signal fires", async () => {
    const controller = new AbortController();
    const pending = sendHttpRequest({ url: `${server.url}/slow`, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow("Request aborted");
  });

  it("rejects responses over the size limit, with or without content-length", async () => {
    await expect(sendHttpRequest({ url: `${server.url}/big`, maxResponseBytes: 1024 })).rejects.toThrow(
      /larger than the 1 KB limit/,
    );
    await expect(
      sendHttpRequest({ url: `${server.url}/big-chunked`, maxResponseBytes: 1024 }),
    ).rejects.toThrow(/larger than the 1 KB limit/);
    expect((await sendHttpRequest({ url: `${server.url}/big`, maxResponseBytes: 4096 })).data).toHaveLength(
      2048,
    );
  });

  it("follows up to 5 redirects, keeping the method on 307 and switching to GET on 303", async () => {
    const res = await sendHttpRequest({
      method: "POST",
      url: `${server.url}/redirect?left=4`,
      body: { a: 1 },
    });
    // 4 × 307 (POST kept) then 303 → GET /echo without a body.
    expect(res.data).toMatchObject({ method: "GET", body: "" });
    const methods = server.requests.filter((r) => r.url.startsWith("/redirect")).map((r) => r.method);
    expect(methods.slice(-5)).toEqual(["POST", "POST", "POST", "POST", "POST"]);
  });

  it("stops after 5 redirects", async () => {
    await expect(sendHttpRequest({ url: `${server.url}/loop` })).rejects.toThrow(
      /Too many redirects \(more than 5\)/,
    );
    expect(server.requests.filter((r) => r.url.startsWith("/loop")).length).toBe(6);
  });

  it("logs a summary with credentials redacted", async () => {
    const { logs, log } = collect();
    await sendHttpRequest({
      url: `${server.url}/json?api_key=s3cret&page=2&access_token=t0ken`,
      headers: {
        Authorization: "Bearer s3cret",
        "X-Api-Key": "s3cret",
        Cookie: "sid=s3cret",
        "X-Custom": "s3cret-x",
      },
      secretHeaders: ["X-Custom"],
      log,
    });
    expect(logs).toHaveLength(1);
    expect(logs[0].message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/json\?api_key=\[REDACTED\]&page=2.* → 200 in \d+ ms \(\d+ B\)$/,
    );
    const serialized = JSON.stringify(logs);
    expect(serialized).not.toContain("s3cret");
    expect(serialized).not.toContain("t0ken");
    expect(logs[0].data).toMatchObject({
      request: {
        method: "GET",
        headers: { authorization: "[REDACTED]", "x-api-key": "[REDACTED]", cookie: "[REDACTED]" },
      },
      response: { status: 200 },
    });
  });

  it("redacts user info and secret-looking query params in URLs", () => {
    expect(redactUrl("https://u:p@h.test/a?token=1&q=2&clientSecret=3")).toBe(
      "https://[REDACTED]:[REDACTED]@h.test/a?token=[REDACTED]&q=2&clientSecret=[REDACTED]",
    );
  });
});
