import { z } from "zod";
import type { Ctx } from "../services/context";
import { BadRequestError } from "../core/errors";
import { createFlowRun } from "../services/flow-runs/create-flow-run";
import { updateFlowInstance } from "../services/flow-instances/update-flow-instance";
import { archiveFlowInstance } from "../services/flow-instances/archive-flow-instance";
import { resetFlowInstance } from "../services/flow-instances/reset-flow-instance";
import { setupFlowInstance } from "../services/flow-instances/setup-flow-instance";
import { saveNodeConfig } from "../services/flow-instances/save-node-config";
import { saveCustomerConfiguration } from "../services/flow-instances/save-customer-configuration";
import { stopFlowRun } from "../services/flow-runs/stop-flow-run";
import { repeatFlowRun } from "../services/flow-runs/repeat-flow-run";
import { runBulk } from "../services/bulk/run-bulk";
import { bulkActions } from "../services/bulk/schemas";
import { actionResult } from "./action-result";

// What the console's and the embed's buttons do, defined once: `uiActions(consoleCtx)` and
// `uiActions(embedCtx)` give the same actions with the principal of the console session or the embed
// cookie. The "use server" files in app/ only bind them; components get them from <ActionsProvider>.
// A server action is a public endpoint, so every argument is parsed here before it reaches a verb.

const id = z.string().min(1).max(100);
const nodeKey = z.string().min(1).max(200);

function parse<S extends z.ZodType<unknown[], unknown[]>>(schema: S, args: unknown[]): z.output<S> {
  const parsed = schema.safeParse(args);
  if (parsed.success) return parsed.data;
  throw new BadRequestError(
    parsed.error.issues
      .map((i) => `${i.path.length ? `argument ${i.path.join(".")}` : "arguments"}: ${i.message}`)
      .join("; "),
  );
}

export function uiActions(ctxOf: () => Promise<Ctx>) {
  /** An action: parse its arguments, then run with the caller's ctx; domain errors become `{ok: false}`. */
  const action =
    <S extends z.ZodType<unknown[], unknown[]>, T>(
      args: S,
      fn: (ctx: Ctx, ...a: z.output<S>) => Promise<T>,
    ) =>
    (...raw: z.input<S>) =>
      actionResult(async () => {
        const a = parse(args, raw);
        return fn(await ctxOf(), ...a);
      });

  return {
    runInstance: action(
      z.tuple([id, z.unknown(), nodeKey.optional()]),
      async (ctx, flowInstanceId, input, startNodeKey) => {
        const run = await createFlowRun({ ctx, input: { flowInstanceId, input, startNodeKey } });
        return { id: run!.id, state: run!.state };
      },
    ),
    setInstanceEnabled: action(z.tuple([id, z.boolean()]), async (ctx, instanceId, enabled) => {
      const i = await updateFlowInstance({ ctx, input: { id: instanceId, body: { enabled } } });
      return { enabled: i.enabled };
    }),
    setupInstance: action(z.tuple([id]), async (ctx, instanceId) => {
      const i = await setupFlowInstance({ ctx, input: { id: instanceId } });
      return { state: i.state };
    }),
    /** Whole instance (no nodeKey) or one node back to the template. */
    resetInstance: action(z.tuple([id, nodeKey.optional()]), async (ctx, instanceId, key) => {
      const i = await resetFlowInstance({
        ctx,
        input: { id: instanceId, options: key ? { nodes: { [key]: true } } : undefined },
      });
      return { isCustomized: i.isCustomized };
    }),
    archiveInstance: action(z.tuple([id, z.boolean()]), async (ctx, instanceId, restore) => {
      const i = await archiveFlowInstance({ ctx, input: { id: instanceId, restore } });
      return { archived: !!i.archivedAt };
    }),
    /** Patches one node's config, then re-runs setup so schemas and errors are fresh. */
    saveNodeConfig: action(
      z.tuple([id, nodeKey, z.record(z.string(), z.unknown())]),
      (ctx, instanceId, key, config) =>
        saveNodeConfig({ ctx, input: { id: instanceId, nodeKey: key, config } }),
    ),
    saveParameters: action(
      z.tuple([id, z.record(z.string(), z.unknown())]),
      async (ctx, instanceId, parameters) => {
        const i = await updateFlowInstance({ ctx, input: { id: instanceId, body: { parameters } } });
        return { parameters: i.parameters };
      },
    ),
    /** The embed configuration page's Save: enable switch, parameters and customer-editable node configs. */
    saveConfiguration: action(
      z.tuple([id, z.record(z.string(), z.unknown())]),
      (ctx, instanceId, configuration) =>
        saveCustomerConfiguration({ ctx, input: { id: instanceId, configuration } }),
    ),
    stopRun: action(z.tuple([id]), async (ctx, runId) => {
      const run = await stopFlowRun({ ctx, input: { id: runId } });
      return { state: run.state };
    }),
    /** A new run of the same instance with the same input and start node. */
    repeatRun: action(z.tuple([id]), async (ctx, runId) => {
      const next = await repeatFlowRun({ ctx, input: { id: runId } });
      return { id: next.id };
    }),
    /** One chunk of a bulk action from the instances or runs list; the client sends chunks to show progress. */
    bulkAction: action(z.tuple([z.enum(bulkActions), z.array(z.string())]), (ctx, name, ids) =>
      runBulk({ ctx, input: { action: name, ids } }),
    ),
  };
}

export type UiActions = ReturnType<typeof uiActions>;
