import http from "node:http";
import type { AddressInfo } from "node:net";
import { evaluateFormulas, type FormulaContext } from "../core/formulas";
import type { NodeExecuteContext, NodeRuntime } from "./types";
import { parseAllowList } from "./http/outbound";
// Tests run nodes with the real sandbox the engine hands in at run time.
import { runJavaScript } from "../engine/sandbox";

/*
 * Test helpers for node types: an execute context with sensible defaults and a real HTTP peer on
 * 127.0.0.1 (no fetch mocks), so requests go through the same code path as in production.
 */

export type LogEntry = { message: string; data?: unknown };

type RuntimeOverrides = Partial<Omit<NodeRuntime, "integration" | "connection">> & {
  integration?: Partial<NodeRuntime["integration"]>;
  connection?: Partial<NodeRuntime["connection"]>;
};

export type ContextOverrides = Partial<Omit<NodeExecuteContext, "runtime" | "log">> & {
  runtime?: RuntimeOverrides;
};

export type TestContext = NodeExecuteContext & { logs: LogEntry[] };

export function makeRuntime(overrides: RuntimeOverrides = {}): NodeRuntime {
  const { integration, connection, ...rest } = overrides;
  return {
    connection: { id: "conn_1", name: "Test connection", credentials: {}, ...connection },
    integration: {
      id: "int_1",
      key: "test-app",
      name: "Test app",
      baseUri: "http://127.0.0.1:9",
      auth: { type: "none" },
      dataCollections: {},
      ...integration,
    },
    customer: { id: "cus_1", internalId: "acme", name: "Acme Corp" },
    flowInstance: { id: "fi_1", parameters: {} },
    flowRun: { id: "fr_1" },
    appUrl: "http://127.0.0.1:9",
    workspaceKey: "test-workspace",
    workspaceSecret: "test-workspace-secret-0123456789",
    sandbox: { timeoutMs: 1000, memoryMb: 64, run: runJavaScript },
    // The test peers listen on 127.0.0.1, which the outbound policy refuses unless allowed.
    outbound: { allow: parseAllowList("127.0.0.1") },
    ...rest,
  };
}

export function makeContext(overrides: ContextOverrides = {}): TestContext {
  const { runtime: runtimeOverrides, ...rest } = overrides;
  const runtime = makeRuntime(runtimeOverrides);
  const input = rest.input ?? {};
  const formulaContext: FormulaContext = rest.formulaContext ?? {
    input,
    user: { id: runtime.customer.id, internalId: runtime.customer.internalId, name: runtime.customer.name },
    connection: { id: runtime.connection.id, name: runtime.connection.name },
    integration: { id: runtime.integration.id, key: runtime.integration.key, name: runtime.integration.name },
    flowInstance: { id: runtime.flowInstance.id, parameters: runtime.flowInstance.parameters },
    flowRun: { id: runtime.flowRun.id },
    parameters: runtime.flowInstance.parameters,
  };
  const logs: LogEntry[] = [];
  return {
    nodeKey: "node",
    config: {},
    input,
    formulaContext,
    evaluate: (value) => evaluateFormulas(value, formulaContext),
    signal: new AbortController().signal,
    ...rest,
    runtime,
    logs,
    log: (message, data) => logs.push(data === undefined ? { message } : { message, data }),
  };
}

export type ReceivedRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

export type TestServer = {
  url: string;
  requests: ReceivedRequest[];
  close: () => Promise<void>;
};

/** Starts a node:http server on 127.0.0.1:0; every request (with its full body) is recorded before the handler runs. */
export async function startServer(
  handler: (req: ReceivedRequest, res: http.ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received: ReceivedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      Promise.resolve(handler(received, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a Web-standard handler (Request → Response) from a node:http test server. */
export function webHandler(
  handle: (req: Request) => Promise<Response>,
): (req: ReceivedRequest, res: http.ServerResponse) => Promise<void> {
  return async (received, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(received.headers)) {
      if (typeof v === "string") headers.set(k, v);
      else if (Array.isArray(v)) headers.set(k, v.join(", "));
    }
    const hasBody = received.method !== "GET" && received.method !== "HEAD" && received.body !== "";
    const response = await handle(
      new Request(`http://127.0.0.1${received.url}`, {
        method: received.method,
        headers,
        body: hasBody ? received.body : undefined,
      }),
    );
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
