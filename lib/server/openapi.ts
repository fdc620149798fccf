import { z, type ZodType } from "zod";
import { listFlowInstancesQuery } from "../services/flow-instances/list-flow-instances";
import {
  createFlowInstanceBody,
  resetFlowInstanceBody,
  selectorSchema,
  updateFlowInstanceBody,
} from "../services/flow-instances/schemas";
import { listFlowRunsQuery } from "../services/flow-runs/list-flow-runs";
import { createFlowRunBody, nodePageQuery } from "../services/flow-runs/schemas";
import { listFlowsQuery } from "../services/flows/list-flows";
import { createFlowBody, patchFlowBody } from "../services/flows/schemas";
import { listIntegrationsQuery } from "../services/integrations/list-integrations";
import { createIntegrationBody, patchIntegrationBody } from "../services/integrations/schemas";
import { listCustomersQuery } from "../services/customers/list-customers";
import { createCustomerBody, patchCustomerBody } from "../services/customers/schemas";
import { listConnectionsQuery } from "../services/connections/list-connections";
import { createConnectionBody, patchConnectionBody } from "../services/connections/schemas";
import { listAuditEventsQuery } from "../services/audit/list-audit-events";
import { flowSelectorQuery } from "../services/flows/integration-flows";
import { autoCreateQuery, includeSecretsQuery } from "./params";

type Op = { method: string; path: string; summary: string; query?: ZodType; body?: ZodType; public?: true };

// Built from the same zod schemas the route wrapper validates requests with.
const ops: Op[] = [
  { method: "get", path: "/flow-instances", summary: "List flow instances", query: listFlowInstancesQuery },
  {
    method: "post",
    path: "/flow-instances",
    summary: "Create a flow instance",
    body: createFlowInstanceBody,
  },
  {
    method: "get",
    path: "/flow-instance",
    summary: "Get a flow instance by selector",
    query: selectorSchema.extend(autoCreateQuery.shape),
  },
  {
    method: "patch",
    path: "/flow-instance",
    summary: "Patch a flow instance by selector",
    query: selectorSchema,
    body: updateFlowInstanceBody,
  },
  {
    method: "put",
    path: "/flow-instance",
    summary: "Replace a flow instance by selector",
    query: selectorSchema,
    body: updateFlowInstanceBody,
  },
  { method: "delete", path: "/flow-instance", summary: "Archive a flow instance", query: selectorSchema },
  {
    method: "post",
    path: "/flow-instance",
    summary: "Create a flow instance for a selector (409 when a live one has it)",
    query: selectorSchema,
    body: updateFlowInstanceBody,
  },
  {
    method: "post",
    path: "/flow-instance/restore",
    summary: "Restore an archived flow instance",
    query: selectorSchema,
  },
  { method: "get", path: "/flow-instances/{id}", summary: "Get a flow instance" },
  {
    method: "patch",
    path: "/flow-instances/{id}",
    summary: "Patch a flow instance (If-Match: revision)",
    body: updateFlowInstanceBody,
  },
  {
    method: "put",
    path: "/flow-instances/{id}",
    summary: "Replace a flow instance (nodes as a whole)",
    body: updateFlowInstanceBody,
  },
  { method: "delete", path: "/flow-instances/{id}", summary: "Archive a flow instance" },
  { method: "post", path: "/flow-instances/{id}/setup", summary: "Recompute node schemas, state and errors" },
  {
    method: "post",
    path: "/flow-instances/{id}/reset",
    summary: "Reset to the flow",
    body: resetFlowInstanceBody ?? z.object({}),
  },
  {
    method: "post",
    path: "/flow-instances/{id}/update-to-latest-flow",
    summary: "Take the flow's newest revision",
  },
  {
    method: "get",
    path: "/connections/{c}/flows",
    summary: "List a connection's flow instances",
    query: listFlowInstancesQuery,
  },
  {
    method: "get",
    path: "/connections/{c}/flows/{f}",
    summary: "Get (or autoCreate) a connection's flow instance",
    query: autoCreateQuery,
  },
  {
    method: "put",
    path: "/connections/{c}/flows/{f}",
    summary: "Create a connection's flow instance",
    body: updateFlowInstanceBody,
  },
  {
    method: "patch",
    path: "/connections/{c}/flows/{f}",
    summary: "Patch a connection's flow instance",
    body: updateFlowInstanceBody,
  },
  { method: "delete", path: "/connections/{c}/flows/{f}", summary: "Archive a connection's flow instance" },
  { method: "post", path: "/connections/{c}/flows/{f}/run", summary: "Run a connection's flow instance" },
  { method: "post", path: "/connections/{c}/flows/{f}/reset", summary: "Reset a connection's flow instance" },
  {
    method: "post",
    path: "/connections/{c}/flows/{f}/setup",
    summary: "Set up a connection's flow instance",
  },
  { method: "get", path: "/flow-runs", summary: "List flow runs", query: listFlowRunsQuery },
  { method: "post", path: "/flow-runs", summary: "Start a flow run", body: createFlowRunBody },
  { method: "get", path: "/flow-runs/{id}", summary: "Get a flow run" },
  { method: "post", path: "/flow-runs/{id}/stop", summary: "Stop a queued or running flow run" },
  { method: "get", path: "/flow-runs/{id}/output", summary: "The run's final output" },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/runs",
    summary: "A node's runs in a flow run (oldest first, cursor pages)",
    query: nodePageQuery,
  },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/outputs",
    summary: "A node's outputs in a flow run (oldest first, cursor pages; each with its downstreamRuns)",
    query: nodePageQuery,
  },
  { method: "get", path: "/flow-runs/{id}/nodes/{key}/runs/{runId}", summary: "One node run" },
  { method: "get", path: "/flow-runs/{id}/nodes/{key}/outputs/{outputId}", summary: "One node output" },
  {
    method: "get",
    path: "/flow-runs/{id}/nodes/{key}/output/{outputId}",
    summary: "One node output (legacy path)",
  },
  { method: "get", path: "/flows", summary: "List flows", query: listFlowsQuery },
  { method: "post", path: "/flows", summary: "Create a flow (graph validated)", body: createFlowBody },
  { method: "get", path: "/flows/{sel}", summary: "Get a flow by id or key" },
  { method: "patch", path: "/flows/{sel}", summary: "Patch a flow (graph validated)", body: patchFlowBody },
  { method: "put", path: "/flows/{sel}", summary: "Put a flow (fields sent change)", body: patchFlowBody },
  { method: "delete", path: "/flows/{sel}", summary: "Archive a flow" },
  { method: "post", path: "/flows/{sel}/restore", summary: "Restore an archived flow" },
  { method: "post", path: "/flows/{sel}/reset", summary: "Reset a flow (a revision bump)" },
  { method: "get", path: "/flow", summary: "Get a flow by key and integration", query: flowSelectorQuery },
  {
    method: "patch",
    path: "/flow",
    summary: "Patch a flow by selector",
    query: flowSelectorQuery,
    body: patchFlowBody,
  },
  {
    method: "put",
    path: "/flow",
    summary: "Put a flow by selector",
    query: flowSelectorQuery,
    body: patchFlowBody,
  },
  { method: "delete", path: "/flow", summary: "Archive a flow by selector", query: flowSelectorQuery },
  { method: "post", path: "/flow/restore", summary: "Restore a flow by selector", query: flowSelectorQuery },
  { method: "post", path: "/flow/reset", summary: "Reset a flow by selector", query: flowSelectorQuery },
  {
    method: "get",
    path: "/integrations/{sel}/flows",
    summary: "List an integration's flows",
    query: listFlowsQuery,
  },
  {
    method: "post",
    path: "/integrations/{sel}/flows",
    summary: "Create a flow of an integration",
    body: createFlowBody,
  },
  { method: "get", path: "/integrations/{sel}/flows/{f}", summary: "Get an integration's flow" },
  {
    method: "patch",
    path: "/integrations/{sel}/flows/{f}",
    summary: "Patch an integration's flow",
    body: patchFlowBody,
  },
  {
    method: "put",
    path: "/integrations/{sel}/flows/{f}",
    summary: "Put an integration's flow",
    body: patchFlowBody,
  },
  { method: "delete", path: "/integrations/{sel}/flows/{f}", summary: "Archive an integration's flow" },
  { method: "post", path: "/integrations/{sel}/flows/{f}/reset", summary: "Reset an integration's flow" },
  { method: "get", path: "/integrations/{sel}", summary: "Get an integration by id or key" },
  { method: "put", path: "/integrations/{sel}", summary: "Put an integration", body: patchIntegrationBody },
  { method: "delete", path: "/integrations/{sel}", summary: "Archive an integration" },
  { method: "post", path: "/integrations/{sel}/restore", summary: "Restore an archived integration" },
  { method: "get", path: "/customers/{sel}", summary: "Get a customer by id or internalId" },
  { method: "put", path: "/customers/{sel}", summary: "Put a customer", body: patchCustomerBody },
  { method: "delete", path: "/customers/{sel}", summary: "Archive a customer" },
  { method: "post", path: "/customers/{sel}/restore", summary: "Restore an archived customer" },
  { method: "put", path: "/connections/{c}", summary: "Put a connection", body: patchConnectionBody },
  { method: "delete", path: "/connections/{c}", summary: "Archive a connection" },
  { method: "post", path: "/connections/{c}/restore", summary: "Restore an archived connection" },
  { method: "get", path: "/audit-events", summary: "List audit events (admin)", query: listAuditEventsQuery },
  { method: "get", path: "/metrics", summary: "Prometheus metrics" },
  {
    method: "get",
    path: "/events",
    summary: "Change stream (Server-Sent Events): run and instance changes, Last-Event-ID resume",
  },
  { method: "get", path: "/health", summary: "Liveness and database check", public: true },
  { method: "get", path: "/openapi.json", summary: "This document", public: true },
  {
    method: "post",
    path: "/webhooks/{connectionId}/{token}/{appEventKey}",
    summary: "Deliver an app event from an external app's webhook",
  },
  { method: "get", path: "/integrations", summary: "List integrations", query: listIntegrationsQuery },
  { method: "post", path: "/integrations", summary: "Create an integration", body: createIntegrationBody },
  {
    method: "patch",
    path: "/integrations/{sel}",
    summary: "Patch an integration",
    body: patchIntegrationBody,
  },
  { method: "get", path: "/customers", summary: "List customers", query: listCustomersQuery },
  { method: "post", path: "/customers", summary: "Create a customer", body: createCustomerBody },
  { method: "patch", path: "/customers/{sel}", summary: "Patch a customer", body: patchCustomerBody },
  { method: "get", path: "/connections", summary: "List connections", query: listConnectionsQuery },
  { method: "post", path: "/connections", summary: "Create a connection", body: createConnectionBody },
  { method: "get", path: "/connections/{c}", summary: "Get a connection", query: includeSecretsQuery },
  { method: "patch", path: "/connections/{c}", summary: "Patch a connection", body: patchConnectionBody },
  {
    method: "post",
    path: "/app-events/{appEventKey}",
    summary: "Deliver an app event for the calling customer",
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
        "200": { description: "OK" },
        "4XX": {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
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
      schemas: {
        Error: {
          type: "object",
          required: ["type", "message"],
          properties: {
            type: { type: "string" },
            key: { type: "string" },
            message: { type: "string" },
            data: {},
          },
        },
      },
    },
  };
}
