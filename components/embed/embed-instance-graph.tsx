"use client";

import type { ComponentProps } from "react";
import { InstanceGraph } from "@/components/flow-instances/instance-graph";
import { resetEmbedInstance, saveEmbedNodeConfig } from "@/app/embed/actions";

const actions = { saveNodeConfig: saveEmbedNodeConfig, resetInstance: resetEmbedInstance };

/** The console's graph editor (graph + node panel) saving through the embed's customer-scoped actions. */
export function EmbedInstanceGraph(props: Omit<ComponentProps<typeof InstanceGraph>, "actions">) {
  return <InstanceGraph {...props} actions={actions} />;
}
