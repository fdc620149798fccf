import { expect } from "@playwright/test";
import { adminToken, api } from "../fixtures";

export type Node = {
  type: string;
  name?: string;
  config?: Record<string, unknown>;
  links?: { key: string }[];
  isCustomized?: boolean;
};
export type Instance = {
  id: string;
  name: string;
  enabled: boolean;
  isCustomized: boolean;
  archivedAt?: string;
  nodes: Record<string, Node>;
  parameters: Record<string, unknown>;
};

/** The demo workspace's connection of one customer (the UI specs create their own instances on it). */
export async function connectionOf(token: string, customerName: string): Promise<string> {
  const customers = await api(token, "GET", `/customers?search=${encodeURIComponent(customerName)}`);
  const customer = customers.body.items?.find((c) => c.name === customerName);
  expect(customer, `customer ${customerName}`).toBeTruthy();
  const conns = await api(token, "GET", `/connections?customerId=${customer!.id}`);
  expect(conns.body.items?.length).toBeGreaterThan(0);
  return conns.body.items![0].id as string;
}

/** A fresh instance of a demo flow (unique instanceKey), so specs never fight over seeded instances. */
export async function newInstance(flowKey: string, label: string, customerName = "Initech") {
  const token = await adminToken();
  const conn = await connectionOf(token, customerName);
  const instanceKey = `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await api(
    token,
    "GET",
    `/connections/${conn}/flows/${flowKey}?instanceKey=${instanceKey}&autoCreate=true`,
  );
  expect(res.status).toBe(200);
  return { token, id: res.body.id as string, instanceKey, connectionId: conn };
}

export async function getInstance(token: string, id: string): Promise<Instance> {
  const res = await api(token, "GET", `/flow-instances/${id}`);
  expect(res.status).toBe(200);
  return res.body as unknown as Instance;
}
