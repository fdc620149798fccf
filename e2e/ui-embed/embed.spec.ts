import { expect, test } from "@playwright/test";
import { adminToken, api, env } from "../fixtures";
import {
  allowedOrigin,
  badToken,
  customerWithInstance,
  embedFrame,
  embedUrl,
  hostMessages,
  startHost,
  type HostServer,
} from "./helpers";

// The customer self-service pages inside an iframe of a "SaaS product" on another origin (the app runs at
// E2E_APP_URL, the host page at EMBED_ALLOWED_ORIGINS' first origin: cross-site, like a real embed).

test.use({ viewport: { width: 1280, height: 1000 } });

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost(allowedOrigin);
});
test.afterAll(async () => {
  await host?.close();
});

const appOrigin = () => new URL(env.appUrl).origin;

test("configuration page in a cross-origin iframe: renders, saves, tells the host, drops the token from the URL", async ({
  page,
}) => {
  const a = await customerWithInstance("embed-cfg");
  const src = embedUrl(`flow-instances/${a.instanceId}/configuration`, {
    token: a.token,
    nodeKey: "shape",
    accent: "#0f766e",
  });
  const pageResponse = page.waitForResponse(
    (r) => r.url().includes(`/embed/flow-instances/${a.instanceId}/configuration`) && r.status() === 200,
  );
  await page.goto(host.url(src));
  const frameHeaders = (await pageResponse).headers();
  expect(frameHeaders["content-security-policy"]).toMatch(/(^|; )frame-ancestors 'self' /);
  expect(frameHeaders["content-security-policy"]).toContain("script-src 'self'");
  expect(frameHeaders["content-security-policy"]).toContain(allowedOrigin);
  expect(frameHeaders["x-frame-options"]).toBeUndefined();

  const frame = page.frameLocator("#embed");
  await expect(frame.getByRole("heading", { name: "Sync new contacts", level: 1 })).toBeVisible();
  // Customer-editable node (userConfig) shown and focused; others not offered.
  await expect(frame.getByTestId("embed-node-shape")).toHaveAttribute("data-focused", "true");
  await expect(frame.getByRole("heading", { name: "Shape contact" })).toBeVisible();
  await expect(frame.getByRole("heading", { name: "Create contact in CRM" })).toHaveCount(0);
  // Recent runs with their states.
  await expect(frame.getByTestId("embed-runs").getByText("completed")).toBeVisible();
  // The token went into the cookie: the frame's URL no longer has it, the rest of the query is kept.
  const url = new URL(embedFrame(page)!.url());
  expect(url.searchParams.has("token")).toBe(false);
  expect(url.searchParams.get("nodeKey")).toBe("shape");
  expect(url.pathname).toBe(`/embed/flow-instances/${a.instanceId}/configuration`);
  const cookies = await page.context().cookies(env.appUrl + "/embed/");
  const embedCookie = cookies.find((c) => c.name === "flowdeck_embed");
  expect(embedCookie?.httpOnly).toBe(true);
  expect(embedCookie?.path).toBe("/embed");

  // Parameters, enable switch and the editable node's config, saved together.
  await frame.getByLabel("Tag added to every contact", { exact: true }).fill("from-embed");
  const toggle = frame.getByRole("switch", { name: "Enabled" });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  // Until Save, the header badge still shows the saved state, and the switch says it is not saved yet.
  await expect(frame.getByText("Not saved yet: press Save to disable this flow.")).toBeVisible();
  await expect(frame.getByTestId("instance-badges").getByText("enabled")).toBeVisible();
  // "Edit as JSON": the mapping editor's escape hatch.
  await frame
    .getByTestId("embed-node-shape")
    .getByRole("combobox", { name: "Output value type" })
    .selectOption("json");
  const output = frame.getByTestId("embed-node-shape").getByRole("textbox", { name: /^Output/ });
  const shaped = { email: { $var: "$.input.trigger.email" }, source: "embed" };
  await output.fill(JSON.stringify(shaped, null, 2));
  await page.screenshot({ path: "e2e/screenshots/embed-configuration.png", fullPage: true });
  await frame.getByRole("button", { name: "Save", exact: true }).click();
  await expect(frame.getByTestId("toast").filter({ hasText: "Configuration saved" })).toBeVisible();

  await expect.poll(async () => (await hostMessages(page)).map((m) => m.data?.type)).toContain("saved");
  const saved = (await hostMessages(page)).find((m) => m.data?.type === "saved")!;
  expect(saved.origin).toBe(appOrigin());
  expect(saved.data).toMatchObject({ type: "saved", flowInstanceId: a.instanceId });

  const instance = (await api(a.token, "GET", `/flow-instances/${a.instanceId}`)).body as {
    enabled: boolean;
    parameters: Record<string, unknown>;
    nodes: Record<string, { config: unknown; isCustomized?: boolean }>;
  };
  expect(instance.enabled).toBe(false);
  expect(instance.parameters.tag).toBe("from-embed");
  expect(instance.nodes.shape.config).toEqual({ output: shaped });
  expect(instance.nodes.shape.isCustomized).toBe(true);
  // The page shows the saved state after the refresh.
  await expect(frame.getByTestId("instance-badges").getByText("disabled")).toBeVisible();
  await expect(frame.getByText(/Not saved yet/)).toHaveCount(0);

  await frame.getByRole("button", { name: "Close" }).click();
  await expect.poll(async () => (await hostMessages(page)).map((m) => m.data?.type)).toContain("close");
  for (const m of await hostMessages(page)) expect(m.origin).toBe(appOrigin());
});

test("editor and run pages: graph editing, Run and the run's graph, scoped to the customer", async ({
  page,
}) => {
  const a = await customerWithInstance("embed-editor");
  await page.goto(
    host.url(embedUrl(`flow-instances/${a.instanceId}/editor`, { token: a.token, theme: "dark" })),
  );
  const frame = page.frameLocator("#embed");
  await expect(frame.getByRole("heading", { name: "Sync new contacts", level: 1 })).toBeVisible();
  await frame.getByRole("button", { name: /^Shape contact/ }).click();
  const panel = frame.getByTestId("node-panel");
  await expect(panel.getByRole("heading", { name: "Shape contact" })).toBeVisible();
  await panel.getByRole("combobox", { name: "Output value type" }).selectOption("json");
  await panel
    .getByRole("textbox", { name: /^Output/ })
    .fill(JSON.stringify({ email: { $var: "$.input.trigger.email" }, via: "editor" }));
  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/embed-editor-dark.png", fullPage: true });
  const inst = (await api(a.token, "GET", `/flow-instances/${a.instanceId}`)).body as {
    nodes: Record<string, { config: unknown }>;
  };
  expect(inst.nodes.shape.config).toEqual({
    output: { email: { $var: "$.input.trigger.email" }, via: "editor" },
  });

  await frame.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = frame.getByRole("dialog", { name: "Run with input" });
  await dialog.getByRole("button", { name: "Edit input as JSON" }).click();
  await dialog
    .getByLabel("Input (JSON)")
    .fill(JSON.stringify({ firstName: "Grace", lastName: "Hopper", email: "grace@example.com" }));
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(frame.getByTestId("run-state")).toHaveText("completed", { timeout: 20_000 });
  expect(new URL(embedFrame(page)!.url()).pathname).toMatch(/^\/embed\/flow-runs\/[0-9a-f]{24}\/editor$/);
  // The run's graph is coloured by state and node runs show the data.
  await expect(frame.locator('[data-node-key="shape"]')).toHaveAttribute("data-state", "completed");
  await frame.getByRole("button", { name: /^Shape contact/ }).click();
  await expect(frame.getByTestId("node-run-outputs").first()).toContainText("grace@example.com");
  await page.screenshot({ path: "e2e/screenshots/embed-run-dark.png", fullPage: true });
});

test("a customer's token cannot open another customer's instance or run", async ({ page }) => {
  const a = await customerWithInstance("embed-owner");
  const b = await customerWithInstance("embed-other");
  const pages = [
    `flow-instances/${a.instanceId}/configuration`,
    `flow-instances/${a.instanceId}/editor`,
    `flow-runs/${a.runId}/editor`,
  ];
  for (const path of pages) {
    const res = await page.goto(host.url(embedUrl(path, { token: b.token })));
    expect(res?.status()).toBe(200); // the host page
    const frame = page.frameLocator("#embed");
    await expect(frame.getByTestId("embed-not-found")).toBeVisible();
    await expect(frame.getByText("Sync new contacts")).toHaveCount(0);
  }
  // The same pages answer 404 to B (status of the frame's own response, after the token redirect).
  const direct = await page.goto(embedUrl(`flow-runs/${a.runId}/editor`, { token: b.token }));
  expect(direct?.status()).toBe(404);
  // B's own run opens; an admin token (support staff) opens A's.
  await page.goto(host.url(embedUrl(`flow-runs/${b.runId}/editor`, { token: b.token })));
  await expect(page.frameLocator("#embed").getByTestId("run-state")).toHaveText("completed");
  await page.goto(host.url(embedUrl(`flow-runs/${a.runId}/editor`, { token: await adminToken() })));
  await expect(page.frameLocator("#embed").getByTestId("run-state")).toHaveText("completed");
});

test("forged, expired and foreign tokens are refused with 401", async ({ page }) => {
  const a = await customerWithInstance("embed-refused");
  for (const kind of ["forged", "expired", "other-workspace"] as const) {
    const token = await badToken(kind, a.internalId);
    const res = await page.goto(embedUrl(`flow-instances/${a.instanceId}/configuration`, { token }));
    expect(res?.status(), kind).toBe(401);
    await expect(page.getByTestId("embed-not-authorized")).toBeVisible();
    if (kind === "expired") await expect(page.getByText("Token has expired")).toBeVisible();
    await expect(page.getByText("Sync new contacts")).toHaveCount(0);
    const cookies = await page.context().cookies(env.appUrl + "/embed/");
    expect(cookies.find((c) => c.name === "flowdeck_embed")).toBeUndefined();
  }
  // No token and no cookie: refused too; the customer's real token still works.
  const bare = await page.goto(embedUrl(`flow-instances/${a.instanceId}/configuration`, {}));
  expect(bare?.status()).toBe(401);
  await page.goto(host.url(embedUrl(`flow-instances/${a.instanceId}/configuration`, { token: a.token })));
  await expect(page.frameLocator("#embed").getByRole("heading", { name: "Sync new contacts" })).toBeVisible();
});

test("framing is blocked from origins that are not allowed, and for every non-embed page", async ({
  page,
}) => {
  const a = await customerWithInstance("embed-framing");
  const stranger = await startHost();
  try {
    expect(stranger.origin).not.toBe(allowedOrigin);
    const response = page.waitForResponse((r) => r.url().includes("/configuration") && r.status() === 200);
    await page.goto(
      stranger.url(embedUrl(`flow-instances/${a.instanceId}/configuration`, { token: a.token })),
    );
    const csp = (await response).headers()["content-security-policy"];
    expect(csp).toContain("frame-ancestors");
    expect(csp).not.toContain(stranger.origin);
    // Chromium refuses to render the frame: an error page instead of the app.
    await expect.poll(() => embedFrame(page)?.url()).toMatch(/^chrome-error:/);
    await expect(page.frameLocator("#embed").getByRole("heading", { name: "Sync new contacts" })).toHaveCount(
      0,
    );
    expect(await hostMessages(page)).toEqual([]);
  } finally {
    await stranger.close();
  }

  // Console pages deny framing everywhere, even from the embed's allowed origin.
  const login = page.waitForResponse((r) => r.url() === `${env.appUrl}/login`);
  await page.goto(host.url(`${env.appUrl}/login`));
  const headers = (await login).headers();
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toMatch(/(^|; )frame-ancestors 'none'($|;)/);
  await expect.poll(() => embedFrame(page)?.url()).toMatch(/^chrome-error:/);
});
