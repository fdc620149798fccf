import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { api, sdk } from "../fixtures";
import { newInstance } from "./helpers";

type Seen = { method?: string; url?: string };

/** A local app the HTTP node calls; it records each request it receives. */
async function startPeer() {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test("an HTTP node's URL, method and query are configured with chips and rows, and the run sends them", async ({
  page,
}) => {
  const peer = await startPeer();
  try {
    const { token, id } = await newInstance("sync-new-contacts", "mapping-http");
    const patched = await api(token, "PATCH", `/flow-instances/${id}`, {
      nodes: {
        shape: null,
        create: null,
        trigger: { links: [{ key: "call" }] },
        call: {
          type: "custom-http-request",
          name: "Call peer",
          config: { url: `${peer.base}/contacts/`, method: "GET" },
        },
      },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`/flow-instances/${id}`);
    await page.getByRole("button", { name: /^Call peer/ }).click();
    const panel = page.getByTestId("node-panel");
    const search = page.getByRole("combobox", { name: "Search variables" });

    // URL: the fixed text becomes text with a variable chip, picked with the keyboard.
    await panel.getByRole("combobox", { name: "URL value type" }).selectOption("template");
    await expect(panel.getByRole("textbox", { name: "URL text" })).toHaveValue(`${peer.base}/contacts/`);
    await panel.getByRole("button", { name: "+ Insert variable" }).click();
    await expect(search).toBeFocused();
    await page.keyboard.type("email");
    await page.keyboard.press("Enter");
    await expect(panel.getByRole("group", { name: "URL" }).getByTestId("variable-chip")).toHaveText(
      /New contact › Email/,
    );

    await panel.getByRole("combobox", { name: "Method" }).selectOption("POST");

    // Query: rows of name + value; one fixed, one a variable.
    const query = panel.getByRole("group", { name: "Query parameters fields" });
    await query.getByRole("button", { name: "+ Add parameter" }).click();
    await query.getByRole("textbox", { name: "Query parameters parameter 1 name" }).fill("source");
    await query.getByRole("textbox", { name: "source", exact: true }).fill("flowdeck");
    await query.getByRole("button", { name: "+ Add parameter" }).click();
    await query.getByRole("textbox", { name: "Query parameters parameter 2 name" }).fill("name");
    await query.getByRole("combobox", { name: "name value type" }).selectOption("variable");
    await expect(search).toBeFocused();
    await page.keyboard.type("first name");
    await page.keyboard.press("Enter");
    await expect(query.getByTestId("variable-chip")).toHaveText(/New contact › First name/);
    await expect(query.getByText(/expects/)).toHaveCount(0);
    await expect(panel.getByText("$var")).toHaveCount(0);
    await panel.screenshot({ path: "e2e/screenshots/mapping-http-panel.png" });

    await panel.getByRole("button", { name: "Save node" }).click();
    await expect(panel.getByTestId("node-customized")).toBeVisible();

    const client = sdk(token);
    const run = await client.flowInstance(id).run({ input: { firstName: "Ada", email: "ada@example.com" } });
    await expect
      .poll(async () => (await client.flowRun(run.id).get()).state, { timeout: 20_000 })
      .toBe("completed");
    expect(peer.seen).toHaveLength(1);
    const url = new URL(peer.seen[0].url!, peer.base);
    expect(peer.seen[0].method).toBe("POST");
    expect(decodeURIComponent(url.pathname)).toBe("/contacts/ada@example.com");
    expect(Object.fromEntries(url.searchParams)).toEqual({ source: "flowdeck", name: "Ada" });
  } finally {
    await peer.close();
  }
});

test("run-javascript opens in a code editor with line numbers and the shape of its input", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "mapping-code");
  const code = "module.exports = async function ({ input }) {\n  return { email: input.trigger.email };\n};";
  const patched = await api(token, "PATCH", `/flow-instances/${id}`, {
    nodes: {
      shape: null,
      create: null,
      trigger: { links: [{ key: "code" }] },
      code: { type: "run-javascript", name: "Compute", config: { code } },
    },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Compute/ }).click();
  const panel = page.getByTestId("node-panel");
  const editor = panel.getByRole("textbox", { name: "Code" });
  await expect(editor).toHaveValue(code);
  await expect(panel.getByTestId("code-gutter")).toHaveText("123");
  await editor.press("End");
  await editor.press("Enter");
  await expect(panel.getByTestId("code-gutter")).toHaveText("1234");
  await panel.getByRole("button", { name: /Show the shape of input/ }).click();
  await expect(panel.getByTestId("input-shape")).toContainText("email: string;");
  await panel.screenshot({ path: "e2e/screenshots/mapping-code-panel.png" });
});

test("transform-data's output schema follows the fields as they are edited, before saving", async ({
  page,
}) => {
  const { id } = await newInstance("sync-new-contacts", "mapping-outschema");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = page.getByTestId("node-panel");
  const output = panel.getByRole("group", { name: "Output fields" });
  await expect(panel.getByTestId("output-schema")).not.toContainText("greeting");
  await output.getByRole("button", { name: "+ Add field" }).click();
  await output.getByRole("textbox", { name: "Output field 5 name" }).fill("greeting");
  await expect(panel.getByTestId("output-schema")).toContainText("greeting");
  await expect(panel.getByTestId("node-customized")).toHaveCount(0);
});
