"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import type { JsonSchema } from "@/lib/core/schema";
import { useActions } from "@/components/actions/actions-provider";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

const SchemaForm = dynamic(() => import("@/components/node-config/schema-form"), {
  ssr: false,
  loading: () => <div className="h-32 animate-pulse rounded bg-slate-100" aria-label="Loading form" />,
});

export function ParametersForm({
  instanceId,
  schema,
  parameters,
  readOnly,
}: {
  instanceId: string;
  schema: JsonSchema;
  parameters: Record<string, unknown>;
  readOnly?: boolean;
}) {
  const [value, setValue] = useState<unknown>(parameters);
  const [error, setError] = useState<string>();
  const save = useAction();
  const { saveParameters } = useActions();
  return (
    <form
      aria-label="Parameters"
      className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        save.run(() => saveParameters(instanceId, (value ?? {}) as Record<string, unknown>), {
          success: "Parameters saved",
          onError: setError,
        });
      }}
    >
      <SchemaForm
        idPrefix="parameters"
        schema={schema}
        formData={value}
        onChange={setValue}
        disabled={readOnly}
      />
      {error && (
        <p
          role="alert"
          data-testid="parameters-error"
          className="mt-3 rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-800"
        >
          {error}
        </p>
      )}
      {!readOnly && (
        <div className="mt-4">
          <Button type="submit" variant="primary" pending={save.pending}>
            {save.pending ? "Saving…" : "Save parameters"}
          </Button>
        </div>
      )}
    </form>
  );
}
