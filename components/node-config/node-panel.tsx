"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { stableStringify, type FlowNode } from "@/lib/core/flow";
import { inferFormulaOutputSchema, type JsonSchema } from "@/lib/core/schema";
import { evaluateFormulas } from "@/lib/core/formulas";
import { useActions } from "@/components/actions/actions-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { useOptimisticAction } from "@/components/ui/use-optimistic-action";
import { useToast } from "@/components/ui/toast";
import { ConfirmButton } from "@/components/flow-instances/confirm-button";
import type { NodeTypeInfo } from "@/components/flow-graph/types";
import SchemaForm from "./schema-form";
import { SchemaTree } from "./schema-tree";
import { ChangesFromTemplate, fieldPathLabel } from "./changes";
import { JsonTargetContext, type JsonTargetApi } from "./json-target";
import { NodeOutputPreview, SampleSource } from "./output-preview";
import { useNodeSample } from "./use-node-sample";
import { configKey, nodeDraft, setNodeDraft, useInputSchemaWithDrafts } from "./drafts";
import { MappingProvider } from "@/components/mapping/value-editor";
import { useMappingContext } from "@/components/mapping/use-mapping-context";

export type NodePanelProps = {
  instanceId: string;
  nodeKey: string;
  node: FlowNode;
  templateNode?: FlowNode;
  typeInfo?: NodeTypeInfo;
  parametersSchema?: JsonSchema;
  nodeNames: Record<string, string>;
  readOnly?: boolean;
  onClose: () => void;
};

/** Side panel of the instance graph: config form with live previews, output schema and the diff against the template. */
export default function NodePanel({
  instanceId,
  nodeKey,
  node,
  templateNode,
  typeInfo,
  parametersSchema,
  nodeNames,
  readOnly,
  onClose,
}: NodePanelProps) {
  // Unsaved edits survive switching to another node and back (drafts.ts).
  const [config, setConfig] = useState<unknown>(
    () => nodeDraft(instanceId, nodeKey, node.config)?.config ?? node.config ?? {},
  );
  const storedKey = useMemo(() => configKey(node.config), [node.config]);
  const unsaved = useMemo(() => configKey(config) !== storedKey, [config, storedKey]);
  // Upstream nodes' unsaved outputs are offered as variables (and in the previews' example input).
  const { schema: inputSchema, draftOutputs } = useInputSchemaWithDrafts(
    instanceId,
    nodeKey,
    node.inputSchema,
  );
  const invalid = useRef(new Set<string>());
  const [invalidCount, setInvalidCount] = useState(0);
  const actions = useActions();
  // The save shows at once (customized, the changes from the template) and rolls back if the server fails.
  const save = useOptimisticAction<Record<string, unknown> | undefined>();
  const [saveError, setSaveError] = useState<string>();
  const reset = useAction();
  const toast = useToast();
  const targetApi = useMemo<JsonTargetApi>(
    () => ({
      // The old "Variables → Insert" panel is gone (the value editor picks variables), so nothing to track.
      setActive: () => {},
      setInvalid: (id, bad) => {
        if (bad) invalid.current.add(id);
        else invalid.current.delete(id);
        setInvalidCount(invalid.current.size);
      },
    }),
    [],
  );
  const schema: JsonSchema = typeInfo?.configSchema ?? { type: "object" };
  const sample = useNodeSample(instanceId, nodeKey);
  const baseMapping = useMappingContext({
    inputSchema,
    draftOutputs,
    parametersSchema,
    nodeNames,
    runSample: sample === "loading" ? undefined : sample,
  });
  const pendingConfig = save.shown(undefined);
  const shownConfig = pendingConfig ?? node.config ?? {};
  const customized =
    !!node.isCustomized ||
    (pendingConfig !== undefined &&
      stableStringify(pendingConfig) !== stableStringify(templateNode?.config ?? {}));
  const errors = useMemo(() => node.errors ?? [], [node.errors]);
  const mapping = useMemo(() => ({ ...baseMapping, errors }), [baseMapping, errors]);
  // `x-output-from: field`: the output is that field's value, so its schema follows unsaved edits.
  const outputFrom = schema["x-output-from"] as string | undefined;
  const outputSource = outputFrom ? (config as Record<string, unknown> | undefined)?.[outputFrom] : undefined;
  const outputSchema = useMemo(
    () =>
      outputFrom
        ? inferFormulaOutputSchema(outputSource ?? {}, {
            type: "object",
            properties: { input: inputSchema ?? {} },
          })
        : node.outputSchema,
    [outputFrom, outputSource, inputSchema, node.outputSchema],
  );
  // What the edited output evaluates to here, handed to the previews of the nodes after this one.
  const [evaluated, setEvaluated] = useState<{ for: unknown; value: unknown }>();
  useEffect(() => {
    if (!outputFrom || !unsaved) return;
    let live = true;
    evaluateFormulas(outputSource ?? {}, mapping.sample).then(
      (value) => live && setEvaluated({ for: outputSource, value }),
      () => live && setEvaluated(undefined),
    );
    return () => {
      live = false;
    };
  }, [outputFrom, unsaved, outputSource, mapping.sample]);
  const output = evaluated?.for === outputSource ? evaluated?.value : undefined;
  useEffect(() => {
    setNodeDraft(
      instanceId,
      nodeKey,
      unsaved ? { config, base: storedKey, ...(outputFrom ? { outputSchema, output } : {}) } : undefined,
    );
  }, [instanceId, nodeKey, unsaved, config, storedKey, outputFrom, outputSchema, output]);

  return (
    <aside
      aria-label={`Node ${node.name ?? nodeKey}`}
      data-testid="node-panel"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h2 className="truncate text-base font-semibold">{node.name ?? nodeKey}</h2>
          <p className="text-xs text-slate-500">
            <span className="font-mono">{nodeKey}</span> · {typeInfo?.name ?? node.type}
          </p>
        </div>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close node panel">
          ✕
        </Button>
      </div>
      <div className="flex flex-wrap gap-1">
        <Badge tone={node.state === "SETUP_FAILED" ? "red" : "green"}>{node.state ?? "READY"}</Badge>
        {customized && (
          <span data-testid="node-customized">
            <Badge tone="violet">customized</Badge>
          </span>
        )}
        {!templateNode && <Badge tone="amber">not in template</Badge>}
        {unsaved && !readOnly && (
          <span data-testid="node-unsaved">
            <Badge tone="amber">unsaved changes</Badge>
          </span>
        )}
      </div>
      {errors.length > 0 && (
        <ul role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
          {errors.map((e, i) => (
            <li key={i}>
              {e.path && <span className="font-medium">{fieldPathLabel(e.path, schema)}: </span>}
              {e.message}
            </li>
          ))}
        </ul>
      )}

      <section aria-labelledby={`cfg-${nodeKey}`}>
        <h3 id={`cfg-${nodeKey}`} className="mb-2 text-sm font-semibold text-slate-800">
          Configuration
        </h3>
        {typeInfo?.description && <p className="mb-2 text-xs text-slate-500">{typeInfo.description}</p>}
        <MappingProvider value={mapping}>
          <div className="mb-2">
            <SampleSource sample={sample} linkRun />
          </div>
          <JsonTargetContext.Provider value={targetApi}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (invalidCount) return toast.error("Fix the invalid JSON first");
                const next = (config ?? {}) as Record<string, unknown>;
                setSaveError(undefined);
                save.run({
                  action: () => actions.saveNodeConfig(instanceId, nodeKey, next),
                  optimistic: next,
                  success: (d) =>
                    d.state === "SETUP_FAILED"
                      ? "Saved, but setup failed: see the node's errors"
                      : "Node saved and set up",
                  onError: setSaveError,
                });
              }}
            >
              <SchemaForm
                idPrefix={`node-${nodeKey}`}
                schema={schema}
                formData={config}
                onChange={setConfig}
                validate={false}
                disabled={readOnly}
              />
              {saveError && (
                <p
                  role="alert"
                  data-testid="save-error"
                  className="mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800"
                >
                  Not saved: {saveError}
                </p>
              )}
              {!readOnly && (
                <div className="mt-3 flex flex-wrap gap-2">
                  <Button type="submit" variant="primary" pending={save.pending} disabled={invalidCount > 0}>
                    {save.pending ? "Saving…" : "Save node"}
                  </Button>
                  {customized && templateNode && (
                    <ConfirmButton
                      label="Reset node"
                      title="Reset this node?"
                      body="The node's config and links go back to the flow's template."
                      confirmLabel="Reset to template"
                      pending={reset.pending}
                      onConfirm={() =>
                        reset.run(() => actions.resetInstance(instanceId, nodeKey), {
                          success: "Node reset to the template",
                        })
                      }
                    />
                  )}
                </div>
              )}
            </form>
          </JsonTargetContext.Provider>
          <div className="mt-3 flex flex-col gap-1">
            <h4 className="text-xs font-semibold text-slate-700">Output preview</h4>
            <NodeOutputPreview
              type={node.type}
              config={(config ?? {}) as Record<string, unknown>}
              sample={sample === "loading" ? undefined : sample}
            />
          </div>
        </MappingProvider>
      </section>

      <section aria-labelledby={`out-${nodeKey}`}>
        <h3 id={`out-${nodeKey}`} className="mb-1 text-sm font-semibold text-slate-800">
          What later steps receive
        </h3>
        <div
          className="max-h-56 overflow-auto rounded-md border border-slate-100 p-2"
          data-testid="output-schema"
        >
          <SchemaTree schema={outputSchema} emptyText="Unknown output (any value)" />
        </div>
      </section>

      {customized && templateNode && (
        <section aria-labelledby={`diff-${nodeKey}`}>
          <h3 id={`diff-${nodeKey}`} className="mb-1 text-sm font-semibold text-slate-800">
            Changes from the template
          </h3>
          <ChangesFromTemplate
            before={{
              name: templateNode.name,
              config: templateNode.config ?? {},
              links: templateNode.links ?? [],
            }}
            after={{ name: node.name, config: shownConfig, links: node.links ?? [] }}
            schema={schema}
          />
        </section>
      )}
    </aside>
  );
}
