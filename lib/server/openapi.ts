import { z, type ZodType } from "zod";
import { listFlowInstancesQuery } from "../services/flow-instances/schemas";
import {
  createFlowInstanceBody,
  resetFlowInstanceBody,
  selectorSchema,
  updateFlowInstanceBody,
} from "../services/flow-instances/schemas";
import { listFlowRunsQuery } from "../services/flow-runs/schemas";
import { createFlowRunBody, nodePageQuery } from "../services/flow-runs/schemas";
import { listFlowsQuery } from "../services/flows/schemas";
import { applyFlowBody, createFlowBody, flowSelectorQuery, patchFlowBody } from "../services/flows/schemas";
import { listIntegrationsQuery } from "../services/integrations/schemas";
import { createIntegrationBody, patchIntegrationBody } from "../services/integrations/schemas";
import { listCustomersQuery } from "../services/customers/schemas";
import { createCustomerBody, patchCustomerBody } from "../services/customers/schemas";
import { listConnectionsQuery } from "../services/connections/schemas";
import { createConnectionBody, patchConnectionBody } from "../services/connections/schemas";
import { listAuditEventsQuery } from "../services/audit/schemas";
import { autoCreateQuery, includeSecretsQuery } from "./params";
import {
  appEventReceiptShape,
  appliedFlowsShape,
  auditEventShape,
  connectionShape,
  customerShape,
  errorBodyShape,
  flowInstanceDetailShape,
  flowInstanceShape,
  flowRunDetailShape,
  flowRunShape,
  flowShape,
  healthShape,
  integrationShape,
  nodeOutputShape,
  nodeRunShape,
  pageShape,
} from "../core/api-shapes";

// Response bodies: a schema of `shapes` (lib/core/api-shapes.ts), any JSON, or another content type.
type Res = keyof typeof responseShapes | "any" | { contentType: string };
type Op = {
  method: string;
  path: string;
  summary: string;
  query?: ZodType;
  body?: ZodType;
  res: Res;
  /** The success status when not 200 (creates answer 201, app event deliveries 202). */
  status?: number;
  public?: true;
};

/** The document's component schemas, generated from the zod shapes the conformance test parses answers with. */
export const responseShapes = {
  FlowInstance: flowInstanceShape,
  FlowInstanceDetail: flowInstanceDetailShape,
  FlowInstancePage: pageShape(flowInstanceShape),
  FlowRun: flowRunShape,
  FlowRunDetail: flowRunDetailShape,
  FlowRunPage: pageShape(flowRunShape),
  NodeRun: nodeRunShape,
  NodeRunPage: pageShape(nodeRunShape),
  NodeOutput: nodeOutputShape,
  NodeOutputPage: pageShape(nodeOutputShape),
  Flow: flowShape,
  FlowPage: pageShape(flowShape),
  AppliedFlows: appliedFlowsShape,
  Integration: integrationShape,
  IntegrationPage: pageShape(integrationShape),
  Customer: customerShape,
  CustomerPage: pageShape(customerShape),
  Connection: connectionShape,
  ConnectionPage: pageShape(connectionShape),
  AuditEvent: auditEventShape,
  AuditEventPage: pageShape(auditEventShape),
  AppEventReceipt: appEventReceiptShape,
  Health: healthShape,
  Error: errorBodyShape,
} satisfies Record<string, ZodType>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

let components: Record<string, Record<string, unknown>> | undefined;
/** Every shape as a JSON Schema; a shape used inside another (FlowInstance in FlowRunDetail) is a $ref. */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  if (components) return components;
  const registry = z.registry<{ id: string }>();
  for (const [id, shape] of Object.entries(responseShapes)) registry.add(shape, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "output",
    unrepresentable: "any",
    uri: (id) => `#/components/schemas/${id}`,
    // The ISO date-time regex zod adds is noise next to `format: date-time`.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  });
  components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema as Record<string, unknown>;
      void _s;
      void _i;
      return [id, rest];
    }),
  );
  return components;
}

function responseContent(res: Res) {
  if (res === "any") return { "application/json": { schema: {} } };
  if (typeof res === "object") return { [res.contentType]: { schema: { type: "string" } } };
  return { "application/json": { schema: ref(res) } };
}

// Built from the same zod schemas the route wrapper validates requests with.
const ops: Op[] = [
  {
    method: "get",
    path: "/flow-instances",
    summary: "List flow instances",
    query: listFlowInstancesQuery,
    res: "FlowInstancePage",
  },
  {
    method: "post",
    path: "/flow-instances",
    summary: "Create a flow instance",
    body: createFlowInstanceBody,
    res: "FlowInstance",
    status: 201,
  },
  {
    method: "get",
    path: "/flow-instance",
    summary: "Get a flow instance by selector",
    query: selectorSchema.extend(autoCreateQuery.shape),
    res: "FlowInstanceDetail",
  },
  {
    method: "patch",
    path: "/flow-instance",
    summary: "Patch a flow instance by selector",
    query: selectorSchema,
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  {
    method: "put",
    path: "/flow-instance",
    summary: "Replace a flow instance by selector",
    query: selectorSchema,
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  {
    method: "delete",
    path: "/flow-instance",
    summary: "Archive a flow instance",
    query: selectorSchema,
    res: "FlowInstance",
  },
  {
    method: "post",
    path: "/flow-instance",
    summary: "Create a flow instance for a selector (409 when a live one has it)",
    query: selectorSchema,
    body: updateFlowInstanceBody,
    res: "FlowInstance",
    status: 201,
  },
  {
    method: "post",
    path: "/flow-instance/restore",
    summary: "Restore an archived flow instance",
    query: selectorSchema,
    res: "FlowInstance",
  },
  { method: "get", path: "/flow-instances/{id}", summary: "Get a flow instance", res: "FlowInstanceDetail" },
  {
    method: "patch",
    path: "/flow-instances/{id}",
    summary: "Patch a flow instance (If-Match: revision)",
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  {
    method: "put",
    path: "/flow-instances/{id}",
    summary: "Replace a flow instance (nodes as a whole)",
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  { method: "delete", path: "/flow-instances/{id}", summary: "Archive a flow instance", res: "FlowInstance" },
  {
    method: "post",
    path: "/flow-instances/{id}/setup",
    summary: "Recompute node schemas, state and errors",
    res: "FlowInstance",
  },
  {
    method: "post",
    path: "/flow-instances/{id}/reset",
    summary: "Reset to the flow",
    body: resetFlowInstanceBody ?? z.object({}),
    res: "FlowInstance",
  },
  {
    method: "post",
    path: "/flow-instances/{id}/update-to-latest-flow",
    summary: "Take the flow's newest revision",
    res: "FlowInstance",
  },
  {
    method: "get",
    path: "/connections/{c}/flows",
    summary: "List a connection's flow instances",
    query: listFlowInstancesQuery,
    res: "FlowInstancePage",
  },
  {
    method: "get",
    path: "/connections/{c}/flows/{f}",
    summary: "Get (or autoCreate) a connection's flow instance",
    query: autoCreateQuery,
    res: "FlowInstanceDetail",
  },
  {
    method: "put",
    path: "/connections/{c}/flows/{f}",
    summary: "Create a connection's flow instance",
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  {
    method: "patch",
    path: "/connections/{c}/flows/{f}",
    summary: "Patch a connection's flow instance",
    body: updateFlowInstanceBody,
    res: "FlowInstance",
  },
  {
    method: "delete",
    path: "/connections/{c}/flows/{f}",
    summary: "Archive a connection's flow instance",
    res: "FlowInstance",
  },
  {
    method: "post",
    path: "/connections/{c}/flows/{f}/run",
    summary: "Run a connection's flow instance",
    res: "FlowRun",
  },
  {
    method: "post",
    path: "/connections/{c}/flows/{f}/reset",
    summary: "Reset a connection's flow instance",
    res: "FlowInstance",
  },
  {
    method: "post",
    path: "/connections/{c}/flows/{f}/setup",
    summary: "Set up a connection's flow instance",
    res: "FlowInstance",
  },
  {
    method: "get",
    path: "/flow-runs",
    summary: "List flow runs",
    query: listFlowRunsQuery,
    res: "FlowRunPage",
  },
  {
    method: "post",
    path: "/flow-runs",
    summary: "Start a flow run",
    body: createFlowRunBody,
    res: "FlowRun",
    status: 201,
  },
  { method: "get", path: "/flow-runs/{id}", summary: "Get a flow run", res: "FlowRunDetail" },
  {
    method: "post",
    path: "/flow-runs/{id}/stop",
    summary: "Stop a queued or running flow run",
    res: "FlowRun",
  },
  { method: "get", path: "/flow-runs/{id}/output", summary: "The run's final output", res: "any" },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/runs",
    summary: "A node's runs in a flow run (oldest first, cursor pages)",
    query: nodePageQuery,
    res: "NodeRunPage",
  },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/outputs",
    summary: "A node's outputs in a flow run (oldest first, cursor pages; each with its downstreamRuns)",
    query: nodePageQuery,
    res: "NodeOutputPage",
  },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/runs/{runId}",
    summary: "One node run",
    res: "NodeRun",
  },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/outputs/{outputId}",
    summary: "One node output",
    res: "NodeOutput",
  },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/output/{outputId}",
    summary: "One node output (legacy path)",
    res: "NodeOutput",
  },
  { method: "get", path: "/flows", summary: "List flows", query: listFlowsQuery, res: "FlowPage" },
  {
    method: "post",
    path: "/flows",
    summary: "Create a flow (graph validated)",
    body: createFlowBody,
    res: "Flow",
    status: 201,
  },
  { method: "get", path: "/flows/{sel}", summary: "Get a flow by id or key", res: "Flow" },
  {
    method: "patch",
    path: "/flows/{sel}",
    summary: "Patch a flow (graph validated)",
    body: patchFlowBody,
    res: "Flow",
  },
  {
    method: "put",
    path: "/flows/{sel}",
    summary: "Put a flow (fields sent change)",
    body: patchFlowBody,
    res: "Flow",
  },
  { method: "delete", path: "/flows/{sel}", summary: "Archive a flow", res: "Flow" },
  { method: "post", path: "/flows/{sel}/restore", summary: "Restore an archived flow", res: "Flow" },
  { method: "post", path: "/flows/{sel}/reset", summary: "Reset a flow (a revision bump)", res: "Flow" },
  {
    method: "post",
    path: "/flows/{sel}/apply",
    summary:
      "Apply a universal flow to integrations (creates or updates each one's copy; the legacy SDK's apply)",
    body: applyFlowBody,
    res: "AppliedFlows",
  },
  {
    method: "post",
    path: "/flow/apply",
    summary: "Apply a universal flow, by selector, to integrations",
    query: flowSelectorQuery,
    body: applyFlowBody,
    res: "AppliedFlows",
  },
  {
    method: "get",
    path: "/flow",
    summary: "Get a flow by key and integration",
    query: flowSelectorQuery,
    res: "Flow",
  },
  {
    method: "patch",
    path: "/flow",
    summary: "Patch a flow by selector",
    query: flowSelectorQuery,
    body: patchFlowBody,
    res: "Flow",
  },
  {
    method: "put",
    path: "/flow",
    summary: "Put a flow by selector",
    query: flowSelectorQuery,
    body: patchFlowBody,
    res: "Flow",
  },
  {
    method: "delete",
    path: "/flow",
    summary: "Archive a flow by selector",
    query: flowSelectorQuery,
    res: "Flow",
  },
  {
    method: "post",
    path: "/flow/restore",
    summary: "Restore a flow by selector",
    query: flowSelectorQuery,
    res: "Flow",
  },
  {
    method: "post",
    path: "/flow/reset",
    summary: "Reset a flow by selector",
    query: flowSelectorQuery,
    res: "Flow",
  },
  {
    method: "get",
    path: "/integrations/{sel}/flows",
    summary: "List an integration's flows",
    query: listFlowsQuery,
    res: "FlowPage",
  },
  {
    method: "post",
    path: "/integrations/{sel}/flows",
    summary: "Create a flow of an integration",
    body: createFlowBody,
    res: "Flow",
    status: 201,
  },
  { method: "get", path: "/integrations/{sel}/flows/{f}", summary: "Get an integration's flow", res: "Flow" },
  {
    method: "patch",
    path: "/integrations/{sel}/flows/{f}",
    summary: "Patch an integration's flow",
    body: patchFlowBody,
    res: "Flow",
  },
  {
    method: "put",
    path: "/integrations/{sel}/flows/{f}",
    summary: "Put an integration's flow",
    body: patchFlowBody,
    res: "Flow",
  },
  {
    method: "delete",
    path: "/integrations/{sel}/flows/{f}",
    summary: "Archive an integration's flow",
    res: "Flow",
  },
  {
    method: "post",
    path: "/integrations/{sel}/flows/{f}/reset",
    summary: "Reset an integration's flow",
    res: "Flow",
  },
  {
    method: "get",
    path: "/integrations/{sel}",
    summary: "Get an integration by id or key",
    res: "Integration",
  },
  {
    method: "put",
    path: "/integrations/{sel}",
    summary: "Put an integration",
    body: patchIntegrationBody,
    res: "Integration",
  },
  { method: "delete", path: "/integrations/{sel}", summary: "Archive an integration", res: "Integration" },
  {
    method: "post",
    path: "/integrations/{sel}/restore",
    summary: "Restore an archived integration",
    res: "Integration",
  },
  { method: "get", path: "/customers/{sel}", summary: "Get a customer by id or internalId", res: "Customer" },
  {
    method: "put",
    path: "/customers/{sel}",
    summary: "Put a customer",
    body: patchCustomerBody,
    res: "Customer",
  },
  { method: "delete", path: "/customers/{sel}", summary: "Archive a customer", res: "Customer" },
  {
    method: "post",
    path: "/customers/{sel}/restore",
    summary: "Restore an archived customer",
    res: "Customer",
  },
  {
    method: "put",
    path: "/connections/{c}",
    summary: "Put a connection",
    body: patchConnectionBody,
    res: "Connection",
  },
  { method: "delete", path: "/connections/{c}", summary: "Archive a connection", res: "Connection" },
  {
    method: "post",
    path: "/connections/{c}/restore",
    summary: "Restore an archived connection",
    res: "Connection",
  },
  {
    method: "get",
    path: "/audit-events",
    summary: "List audit events (admin)",
    query: listAuditEventsQuery,
    res: "AuditEventPage",
  },
  { method: "get", path: "/metrics", summary: "Prometheus metrics", res: { contentType: "text/plain" } },
  {
    method: "get",
    path: "/events",
    summary: "Change stream (Server-Sent Events): run and instance changes, Last-Event-ID resume",
    res: { contentType: "text/event-stream" },
  },
  { method: "get", path: "/health", summary: "Liveness and database check", public: true, res: "Health" },
  { method: "get", path: "/openapi.json", summary: "This document", public: true, res: "any" },
  {
    method: "post",
    path: "/webhooks/{connectionId}/{token}/{appEventKey}",
    summary: "Deliver an app event from an external app's webhook",
    res: "AppEventReceipt",
    status: 202,
  },
  {
    method: "get",
    path: "/integrations",
    summary: "List integrations",
    query: listIntegrationsQuery,
    res: "IntegrationPage",
  },
  {
    method: "post",
    path: "/integrations",
    summary: "Create an integration",
    body: createIntegrationBody,
    res: "Integration",
    status: 201,
  },
  {
    method: "patch",
    path: "/integrations/{sel}",
    summary: "Patch an integration",
    body: patchIntegrationBody,
    res: "Integration",
  },
  {
    method: "get",
    path: "/customers",
    summary: "List customers",
    query: listCustomersQuery,
    res: "CustomerPage",
  },
  {
    method: "post",
    path: "/customers",
    summary: "Create a customer",
    body: createCustomerBody,
    res: "Customer",
    status: 201,
  },
  {
    method: "patch",
    path: "/customers/{sel}",
    summary: "Patch a customer",
    body: patchCustomerBody,
    res: "Customer",
  },
  {
    method: "get",
    path: "/connections",
    summary: "List connections",
    query: listConnectionsQuery,
    res: "ConnectionPage",
  },
  {
    method: "post",
    path: "/connections",
    summary: "Create a connection",
    body: createConnectionBody,
    res: "Connection",
    status: 201,
  },
  {
    method: "get",
    path: "/connections/{c}",
    summary: "Get a connection",
    query: includeSecretsQuery,
    res: "Connection",
  },
  {
    method: "patch",
    path: "/connections/{c}",
    summary: "Patch a connection",
    body: patchConnectionBody,
    res: "Connection",
  },
  {
    method: "post",
    path: "/app-events/{appEventKey}",
    summary: "Deliver an app event for the calling customer",
    res: "AppEventReceipt",
    status: 202,
  },
];

const toSchema = (t: ZodType) =>
  z.toJSONSchema(t, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (op.query) {
      const q = toSchema(op.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {}))
        params.push({
          name,
          in: "query",
          required: (q.required ?? []).includes(name),
          schema: schema as { type: string },
        });
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.public ? { security: [] } : {}),
      parameters: params,
      ...(op.body ? { requestBody: { content: { "application/json": { schema: toSchema(op.body) } } } } : {}),
      responses: {
        [String(op.status ?? 200)]: { description: "OK", content: responseContent(op.res) },
        "4XX": { description: "Error", content: { "application/json": { schema: ref("Error") } } },
        "5XX": { description: "Error", content: { "application/json": { schema: ref("Error") } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Flowdeck API", version: "0.1.0", description: "Membrane-compatible Flow Instance API" },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: componentSchemas(),
    },
  };
}
