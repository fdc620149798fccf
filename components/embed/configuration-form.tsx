"use client";

import dynamic from "next/dynamic";
import { useEffect, useMemo, useRef, useState } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { useActions } from "@/components/actions/actions-provider";
import type { CustomerConfiguration as ConfigurationInput } from "@/lib/services/flow-instances/save-customer-configuration";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";
import { useToast } from "@/components/ui/toast";
import { JsonDiff } from "@/components/node-config/json-diff";
import { JsonTargetContext, type JsonTargetApi } from "@/components/node-config/json-target";
import { NodeOutputPreview, SampleSource } from "@/components/node-config/output-preview";
import type { NodeSample } from "@/lib/services/console/get-node-sample";
import { useParentWindow } from "./parent-window";
import { MappingProvider } from "@/components/mapping/value-editor";
import { useMappingContext } from "@/components/mapping/use-mapping-context";

/** One customer-editable node's form, with its variables offered by the mapping editor. */
function NodeMapping({
  node,
  parametersSchema,
  parameters,
  nodeNames,
  children,
}: {
  node: EditableNode;
  parametersSchema?: JsonSchema;
  parameters: unknown;
  nodeNames: Record<string, string>;
  children: React.ReactNode;
}) {
  const mapping = useMappingContext({
    inputSchema: node.inputSchema,
    parametersSchema,
    nodeNames,
    parameters,
    runSample: node.sample,
  });
  return <MappingProvider value={mapping}>{children}</MappingProvider>;
}

const SchemaForm = dynamic(() => import("@/components/node-config/schema-form"), {
  ssr: false,
  loading: () => <div className="h-24 animate-pulse rounded bg-slate-100" aria-label="Loading form" />,
});

export type EditableNode = {
  key: string;
  type: string;
  name: string;
  typeName: string;
  description?: string;
  configSchema?: JsonSchema;
  config: Record<string, unknown>;
  /** The flow's (template's) config of this node: what "Reset to default" restores. */
  defaultConfig: Record<string, unknown>;
  state?: string;
  errors: { message: string; path?: string }[];
  inputSchema?: JsonSchema;
  isCustomized?: boolean;
  /** The node's input in the latest run that reached it: what the previews evaluate against. */
  sample?: NodeSample;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const hasFields = (s?: JsonSchema) => !!s?.properties && Object.keys(s.properties).length > 0;

/**
 * The customer's configuration of one instance: enable switch, parameters and the nodes the flow marks
 * customer-editable, saved together by one server action; the host window gets `{type: "saved"}`.
 */
export function ConfigurationForm({
  instanceId,
  enabled: initialEnabled,
  archived,
  parametersSchema,
  parameters: initialParameters,
  nodes,
  focusKey,
  nodeNames,
}: {
  instanceId: string;
  enabled: boolean;
  archived: boolean;
  parametersSchema?: JsonSchema;
  parameters: Record<string, unknown>;
  nodes: EditableNode[];
  focusKey?: string;
  nodeNames: Record<string, string>;
}) {
  const [enabled, setEnabled] = useState(initialEnabled);
  const [parameters, setParameters] = useState<unknown>(initialParameters);
  const initialConfigs = useMemo(() => Object.fromEntries(nodes.map((n) => [n.key, n.config])), [nodes]);
  const [configs, setConfigs] = useState<Record<string, unknown>>(initialConfigs);
  // Bumped by "Reset to default" so the node's form remounts with the default config.
  const [resets, setResets] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  const invalid = useRef(new Set<string>());
  const [invalidCount, setInvalidCount] = useState(0);
  const save = useAction();
  const { saveConfiguration } = useActions();
  const toast = useToast();
  const parent = useParentWindow();
  const showParameters = hasFields(parametersSchema);

  const targetApi = useMemo<JsonTargetApi>(
    () => ({
      setActive: () => {},
      setInvalid: (id, bad) => {
        if (bad) invalid.current.add(id);
        else invalid.current.delete(id);
        setInvalidCount(invalid.current.size);
      },
    }),
    [],
  );

  useEffect(() => {
    if (!focusKey) return;
    const el = document.getElementById(`embed-node-${focusKey}`);
    el?.scrollIntoView({ block: "start" });
    el?.focus({ preventScroll: true });
  }, [focusKey]);

  const changedNodes = Object.fromEntries(
    Object.entries(configs).filter(([k, v]) => !same(v, initialConfigs[k])),
  );
  const dirty =
    enabled !== initialEnabled ||
    (showParameters && !same(parameters, initialParameters)) ||
    Object.keys(changedNodes).length > 0;

  const submit = () => {
    if (invalidCount) return toast.error("Fix the invalid JSON first");
    setError(undefined);
    const input: ConfigurationInput = { enabled };
    if (showParameters) input.parameters = (parameters ?? {}) as Record<string, unknown>;
    if (Object.keys(changedNodes).length) input.nodes = changedNodes;
    save.run(() => saveConfiguration(instanceId, input), {
      success: (d) =>
        d.state === "SETUP_FAILED" ? "Saved, but some steps need attention" : "Configuration saved",
      onOk: (d) => parent.post({ type: "saved", flowInstanceId: instanceId, enabled: d.enabled }),
      onError: setError,
    });
  };

  return (
    <JsonTargetContext.Provider value={targetApi}>
      <form
        aria-label="Configuration"
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <section className="flex items-center gap-3 rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex-1">
            <h2 id="enabled-label" className="text-sm font-semibold text-slate-800">
              Enabled
            </h2>
            <p className="text-xs text-slate-500">
              {enabled
                ? "Runs start automatically on schedules and events."
                : "Automatic runs are paused; nothing starts until you enable it again."}
            </p>
            {enabled !== initialEnabled && (
              <p className="mt-1 text-xs font-medium text-amber-700" role="status">
                Not saved yet: press Save to {enabled ? "enable" : "disable"} this flow.
              </p>
            )}
          </div>
          <button
            type="button"
            role="switch"
            aria-checked={enabled}
            aria-labelledby="enabled-label"
            disabled={archived}
            onClick={() => setEnabled((v) => !v)}
            className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors disabled:opacity-50 ${
              enabled ? "bg-brand-600" : "bg-slate-300"
            }`}
          >
            <span
              aria-hidden
              className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${
                enabled ? "translate-x-5" : "translate-x-0"
              }`}
              style={{ backgroundColor: "#fff" }}
            />
          </button>
        </section>

        {showParameters && (
          <section
            aria-labelledby="parameters-heading"
            className="rounded-lg border border-slate-200 bg-white p-4"
          >
            <h2 id="parameters-heading" className="mb-3 text-sm font-semibold text-slate-800">
              Parameters
            </h2>
            <SchemaForm
              idPrefix="parameters"
              schema={parametersSchema!}
              formData={parameters}
              onChange={setParameters}
              disabled={archived}
            />
          </section>
        )}

        {!showParameters && nodes.length === 0 && (
          <p className="text-sm text-slate-500">This flow has no other settings to configure.</p>
        )}

        {nodes.map((n) => (
          <section
            key={n.key}
            id={`embed-node-${n.key}`}
            tabIndex={-1}
            aria-labelledby={`node-heading-${n.key}`}
            data-testid={`embed-node-${n.key}`}
            data-focused={focusKey === n.key ? "true" : undefined}
            className={`rounded-lg border bg-white p-4 outline-none ${
              focusKey === n.key ? "border-brand-500 ring-2 ring-brand-500/30" : "border-slate-200"
            }`}
          >
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <h2 id={`node-heading-${n.key}`} className="text-sm font-semibold text-slate-800">
                {n.name}
              </h2>
              <span className="text-xs text-slate-500">{n.typeName}</span>
              {n.isCustomized && <Badge tone="violet">customized</Badge>}
              {n.state === "SETUP_FAILED" && <Badge tone="red">needs attention</Badge>}
            </div>
            {n.description && <p className="mb-2 text-xs text-slate-500">{n.description}</p>}
            {n.errors.length > 0 && (
              <ul
                role="alert"
                className="mb-3 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800"
              >
                {n.errors.map((e, i) => (
                  <li key={i}>
                    {e.path && <span className="font-mono">{e.path}: </span>}
                    {e.message}
                  </li>
                ))}
              </ul>
            )}
            <NodeMapping
              node={n}
              parametersSchema={parametersSchema}
              parameters={parameters}
              nodeNames={nodeNames}
            >
              <div className="mb-2">
                <SampleSource />
              </div>
              <SchemaForm
                key={resets[n.key] ?? 0}
                idPrefix={`node-${n.key}`}
                schema={n.configSchema ?? { type: "object" }}
                formData={configs[n.key]}
                onChange={(v) => setConfigs((c) => ({ ...c, [n.key]: v }))}
                validate={false}
                disabled={archived}
              />
              <div className="mt-3 flex flex-col gap-1">
                <h3 className="text-xs font-semibold text-slate-700">Output preview</h3>
                <NodeOutputPreview
                  type={n.type}
                  config={(configs[n.key] ?? {}) as Record<string, unknown>}
                  sample={n.sample}
                />
              </div>
            </NodeMapping>
            {!same(configs[n.key], n.defaultConfig) && (
              <div className="mt-3 flex flex-wrap items-start gap-3">
                <details className="min-w-0 flex-1 rounded-md border border-slate-100 p-2">
                  <summary className="cursor-pointer text-xs font-medium text-slate-600">
                    Changes from the default
                  </summary>
                  <div className="mt-2" data-testid={`embed-node-diff-${n.key}`}>
                    <JsonDiff before={n.defaultConfig} after={configs[n.key] ?? {}} />
                  </div>
                </details>
                {!archived && (
                  <Button
                    type="button"
                    size="sm"
                    onClick={() => {
                      setConfigs((c) => ({ ...c, [n.key]: n.defaultConfig }));
                      setResets((r) => ({ ...r, [n.key]: (r[n.key] ?? 0) + 1 }));
                    }}
                  >
                    Reset to default
                  </Button>
                )}
              </div>
            )}
          </section>
        ))}

        {error && (
          <p
            role="alert"
            data-testid="configuration-error"
            className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800"
          >
            {error}
          </p>
        )}
        {!archived && (
          <div className="flex items-center gap-3">
            <Button type="submit" variant="primary" pending={save.pending} disabled={invalidCount > 0}>
              {save.pending ? "Saving…" : "Save"}
            </Button>
            {dirty && !save.pending && <span className="text-xs text-slate-500">Unsaved changes</span>}
          </div>
        )}
      </form>
    </JsonTargetContext.Provider>
  );
}
