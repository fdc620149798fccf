"use client";

import { useMemo, useState } from "react";
import { fromEditorModel, toEditorModel, type EditorNode } from "@/lib/core/formulas/editor-model";
import { variableType } from "@/lib/core/formulas/editor-context";
import { FLAG, NodeEditor, OperatorSelect, ValuePreview, useMapping } from "./value-editor";

/*
 * The condition builder: "Continue when all/any of these hold", each row field · operator · value, groups
 * nested. It edits the same editor model as the value editor ($eval rows inside $and/$or groups), so a
 * condition written by hand opens as rows and, untouched, saves back unchanged. What it cannot show as
 * rows (a legacy filter list, another function) stays editable in the general value editor.
 */

type Group = Extract<EditorNode, { kind: "formula" }> & { name: "and" | "or"; args: { kind: "array" } };
type Row = Extract<EditorNode, { kind: "eval" }>;

const isGroup = (n: EditorNode): n is Group =>
  n.kind === "formula" && (n.name === "and" || n.name === "or") && n.args.kind === "array";

const group = (name: "and" | "or", items: EditorNode[]): Group =>
  ({ kind: "formula", name, args: { kind: "array", items } }) as Group;

const newRow = (): Row => ({
  kind: "eval",
  value: { kind: "empty" },
  operator: "is",
  operand: { kind: "literal", value: "" },
  operatorFirst: false,
});

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800";

function RowEditor({
  row,
  label,
  onChange,
  onRemove,
  disabled,
}: {
  row: Row;
  label: string;
  onChange: (n: Row) => void;
  onRemove: () => void;
  disabled?: boolean;
}) {
  const m = useMapping();
  const fieldType =
    row.value.kind === "variable" ? variableType(row.value.locator, m?.contextSchema) : undefined;
  // A fixed value is typed as the field it is compared with (a number field gets a number input).
  const operandSchema =
    fieldType === "number" && row.operand.kind === "literal" && typeof row.operand.value !== "string"
      ? { type: "number" as const }
      : undefined;
  return (
    <li className="space-y-1.5 rounded-md border border-slate-200 bg-white p-2" aria-label={label}>
      <div className="flex items-start gap-1.5">
        <div className="min-w-0 flex-1">
          <NodeEditor
            node={row.value}
            label={`${label} field`}
            disabled={disabled}
            onChange={(v) => {
              const t = v.kind === "variable" ? variableType(v.locator, m?.contextSchema) : undefined;
              // A fresh row comparing a number field starts from a number, not empty text.
              const operand =
                t === "number" && row.operand.kind === "literal" && row.operand.value === ""
                  ? ({ kind: "literal", value: 0 } as const)
                  : row.operand;
              onChange({ ...row, value: v, operand });
            }}
          />
        </div>
        {!disabled && (
          <button
            type="button"
            aria-label={`Remove ${label}`}
            className="px-1 pt-1 text-slate-500 hover:text-red-600"
            onClick={onRemove}
          >
            ×
          </button>
        )}
      </div>
      <div className="flex items-start gap-1.5">
        <OperatorSelect
          label={label}
          operator={row.operator}
          operand={row.operand}
          disabled={disabled}
          className={selectClass}
          onChange={(operator, operand) => onChange({ ...row, operator, operand })}
        />
        {!FLAG.has(row.operator) && (
          <div className="min-w-0 flex-1">
            <NodeEditor
              node={row.operand}
              label={`${label} value`}
              schema={operandSchema}
              disabled={disabled}
              onChange={(v) => onChange({ ...row, operand: v })}
            />
          </div>
        )}
      </div>
    </li>
  );
}

function GroupEditor({
  node,
  label,
  onChange,
  onRemove,
  disabled,
  depth,
}: {
  node: Group;
  label: string;
  onChange: (n: Group) => void;
  onRemove?: () => void;
  disabled?: boolean;
  depth: number;
}) {
  const items = node.args.items;
  const setItems = (next: EditorNode[]) => onChange(group(node.name, next));
  return (
    <div
      role="group"
      aria-label={label}
      className={`space-y-2 rounded-md border p-2 ${depth ? "border-slate-300 bg-slate-50" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700">
        <span>{depth ? "This group holds when" : "Continue when"}</span>
        <select
          aria-label={`${label} match`}
          disabled={disabled}
          className={selectClass}
          value={node.name}
          onChange={(e) => onChange(group(e.target.value as "and" | "or", items))}
        >
          <option value="and">all</option>
          <option value="or">any</option>
        </select>
        <span>of these conditions hold</span>
        {onRemove && !disabled && (
          <button
            type="button"
            aria-label={`Remove ${label}`}
            className="ml-auto px-1 text-slate-500 hover:text-red-600"
            onClick={onRemove}
          >
            ×
          </button>
        )}
      </div>
      {items.length === 0 && (
        <p className="text-xs text-slate-500">No conditions yet: every item continues.</p>
      )}
      <ol className="space-y-2">
        {items.map((item, i) => {
          const itemLabel = `${label} condition ${i + 1}`;
          const set = (n: EditorNode) => setItems(items.map((x, j) => (j === i ? n : x)));
          const remove = () => setItems(items.filter((_, j) => j !== i));
          if (item.kind === "eval")
            return (
              <RowEditor
                key={i}
                row={item}
                label={itemLabel}
                disabled={disabled}
                onChange={set}
                onRemove={remove}
              />
            );
          if (isGroup(item))
            return (
              <li key={i}>
                <GroupEditor
                  node={item}
                  label={`${label} group ${i + 1}`}
                  disabled={disabled}
                  depth={depth + 1}
                  onChange={set}
                  onRemove={remove}
                />
              </li>
            );
          return (
            <li key={i} className="flex items-start gap-1.5">
              <div className="min-w-0 flex-1">
                <NodeEditor node={item} label={itemLabel} disabled={disabled} onChange={set} />
              </div>
              {!disabled && (
                <button
                  type="button"
                  aria-label={`Remove ${itemLabel}`}
                  className="px-1 pt-1 text-slate-500 hover:text-red-600"
                  onClick={remove}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {!disabled && (
        <div className="flex gap-3">
          <button
            type="button"
            className="text-xs font-medium text-brand-700 hover:underline"
            onClick={() => setItems([...items, newRow()])}
          >
            + Add condition
          </button>
          {depth < 3 && (
            <button
              type="button"
              className="text-xs font-medium text-brand-700 hover:underline"
              onClick={() => setItems([...items, group(node.name === "and" ? "or" : "and", [newRow()])])}
            >
              + Add group
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * A condition value (`x-editor: "condition"`): shown as a group of rows. A single comparison opens as a
 * group of one and saves back as that single comparison while it stays one; no rows saves "no condition".
 */
export function ConditionEditor({
  value,
  onChange,
  label,
  disabled,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
  disabled?: boolean;
}) {
  const [state, setState] = useState(() => ({ node: toEditorModel(value), seen: value }));
  if (value !== state.seen && JSON.stringify(value) !== JSON.stringify(fromEditorModel(state.node)))
    setState({ node: toEditorModel(value), seen: value });
  const node = state.node;
  const current = useMemo(() => fromEditorModel(node), [node]);
  const set = (n: EditorNode) => {
    const v = fromEditorModel(n);
    setState({ node: n, seen: v });
    onChange(v);
  };
  // Shown as a group: a group, a single comparison, or nothing yet.
  const shown: Group | undefined = isGroup(node)
    ? node
    : node.kind === "eval"
      ? group("and", [node])
      : node.kind === "empty"
        ? group("and", [])
        : undefined;
  const bare = !isGroup(node);
  return (
    <div data-testid="condition-builder">
      {shown ? (
        <GroupEditor
          node={shown}
          label={label}
          disabled={disabled}
          depth={0}
          onChange={(g) => {
            const items = g.args.items;
            // Kept as it was written: no group around a lone comparison, nothing for no conditions.
            if (bare && g.name === "and" && items.length === 1 && items[0].kind === "eval") set(items[0]);
            else if (bare && g.name === "and" && items.length === 0) set({ kind: "empty" });
            else set(g);
          }}
        />
      ) : (
        <NodeEditor node={node} label={label} disabled={disabled} onChange={set} />
      )}
      <ValuePreview value={current} />
    </div>
  );
}
