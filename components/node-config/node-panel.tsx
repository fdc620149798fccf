"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import type { FlowNode } from "@/lib/core/flow";
import { inferFormulaOutputSchema, type JsonSchema } from "@/lib/core/schema";
import { useActions } from "@/components/actions/actions-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { useToast } from "@/components/ui/toast";
import { ConfirmButton } from "@/components/flow-instances/confirm-button";
import type { NodeTypeInfo } from "@/components/flow-graph/types";
import SchemaForm from "./schema-form";
import { SchemaTree } from "./schema-tree";
import { JsonDiff } from "./json-diff";
import { JsonTargetContext, type JsonTarget, type JsonTargetApi } from "./json-target";
import { MappingProvider, ValuePreview } from "@/components/mapping/value-editor";
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

/** Side panel of the instance graph: config form, variables, output schema and the diff against the template. */
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
  const [config, setConfig] = useState<unknown>(node.config ?? {});
  const [active, setActive] = useState<JsonTarget>();
  const invalid = useRef(new Set<string>());
  const [invalidCount, setInvalidCount] = useState(0);
  const actions = useActions();
  const save = useAction();
  const reset = useAction();
  const toast = useToast();
  const targetApi = useMemo<JsonTargetApi>(
    () => ({
      setActive,
      setInvalid: (id, bad) => {
        if (bad) invalid.current.add(id);
        else invalid.current.delete(id);
        setInvalidCount(invalid.current.size);
      },
    }),
    [],
  );
  const pick = useCallback(
    (locator: string) => {
      const snippet = JSON.stringify({ $var: locator });
      if (active && !readOnly) active.insert(snippet);
      else
        void navigator.clipboard?.writeText(snippet).then(
          () => toast.success(`Copied ${snippet}`),
          () => toast.error("Could not copy to the clipboard"),
        );
    },
    [active, readOnly, toast],
  );
  const schema: JsonSchema = typeInfo?.configSchema ?? { type: "object" };
  const baseMapping = useMappingContext({ inputSchema: node.inputSchema, parametersSchema, nodeNames });
  const customized = !!node.isCustomized;
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
            properties: { input: node.inputSchema ?? {} },
          })
        : node.outputSchema,
    [outputFrom, outputSource, node.inputSchema, node.outputSchema],
  );

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
      </div>
      {errors.length > 0 && (
        <ul role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
          {errors.map((e, i) => (
            <li key={i}>
              {e.path && <span className="font-mono">{e.path}: </span>}
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
          <JsonTargetContext.Provider value={targetApi}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (invalidCount) return toast.error("Fix the invalid JSON first");
                save.run(
                  () =>
                    actions.saveNodeConfig(instanceId, nodeKey, (config ?? {}) as Record<string, unknown>),
                  {
                    success: (d) =>
                      d.state === "SETUP_FAILED"
                        ? "Saved, but setup failed: see the node's errors"
                        : "Node saved and set up",
                  },
                );
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
          {node.type === "transform-data" && (
            <div className="mt-3" data-testid="output-preview">
              <h4 className="text-xs font-semibold text-slate-700">Output preview</h4>
              <ValuePreview value={(config as { output?: unknown })?.output ?? {}} />
            </div>
          )}
        </MappingProvider>
      </section>

      <section aria-labelledby={`vars-${nodeKey}`}>
        <h3 id={`vars-${nodeKey}`} className="text-sm font-semibold text-slate-800">
          Variables
        </h3>
        <p className="mb-1 text-xs text-slate-500">
          {active && !readOnly ? (
            <>
              Insert inserts into <strong>{active.label}</strong> at the cursor.
            </>
          ) : (
            "Focus a JSON field to insert there; otherwise Insert copies the formula."
          )}
        </p>
        <div
          className="max-h-64 overflow-auto rounded-md border border-slate-100 p-2"
          data-testid="variable-picker"
        >
          <SchemaTree
            schema={node.inputSchema}
            root={["$", "input"]}
            onPick={pick}
            labelFor={(k) => nodeNames[k]}
            emptyText="No upstream nodes: this node receives no input."
          />
          {parametersSchema?.properties && Object.keys(parametersSchema.properties).length > 0 && (
            <div className="mt-2 border-t border-slate-100 pt-2">
              <p className="mb-1 text-[11px] font-medium text-slate-500 uppercase">Parameters</p>
              <SchemaTree schema={parametersSchema} root={["$", "parameters"]} onPick={pick} />
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby={`out-${nodeKey}`}>
        <h3 id={`out-${nodeKey}`} className="mb-1 text-sm font-semibold text-slate-800">
          Output schema
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
          <JsonDiff
            before={{
              name: templateNode.name,
              config: templateNode.config ?? {},
              links: templateNode.links ?? [],
            }}
            after={{ name: node.name, config: node.config ?? {}, links: node.links ?? [] }}
          />
        </section>
      )}
    </aside>
  );
}
