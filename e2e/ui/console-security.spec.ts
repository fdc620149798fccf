import { expect, test, type Browser } from "@playwright/test";
import { env } from "../fixtures";

// Console sign-in and session hardening. Serial: the throttle test's failures must not meet the sign-ins of
// the other tests here (they share one client address).
test.describe.configure({ mode: "serial" });
test.use({ storageState: { cookies: [], origins: [] } });

async function signIn(browser: Browser, next?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Password").fill(env.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  return { context, page };
}

test("sign-in backs off after repeated wrong passwords, and the right one works after the wait", async ({
  page,
}) => {
  await page.goto("/login");
  const attempt = async (password: string) => {
    await page.getByLabel("Password").fill(password);
    const answered = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.url().includes("/login"),
    );
    await page.getByRole("button", { name: "Sign in" }).click();
    await answered;
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  };
  const alert = page.locator("form p[role=alert]");
  for (let i = 0; i < 5; i++) {
    await attempt(`wrong-${i}`);
    await expect(alert).toHaveText("Wrong password");
    await expect(alert).toBeVisible();
  }
  // From the sixth failure on, each attempt waits twice as long as the one before: keep guessing until the
  // wait is longer than a guess takes.
  let throttled = "";
  for (let i = 0; i < 10 && !/Try again in ([4-9]|\d\d+) s/.test(throttled); i++) {
    await attempt(`wrong-again-${i}`);
    await expect(alert).toBeVisible();
    const text = (await alert.textContent()) ?? "";
    if (text.includes("Too many failed sign-in attempts")) {
      throttled = text;
      const wait = Number(text.match(/in (\d+) s/)?.[1]);
      // Waiting out the delay lets the next wrong guess count: it doubles the next delay.
      if (wait < 4) await page.waitForTimeout(wait * 1000 + 100);
    }
  }
  expect(throttled).toMatch(/Try again in ([4-9]|\d\d+) s/);
  const seconds = Number(throttled.match(/in (\d+) s/)?.[1]);
  await page.waitForTimeout(seconds * 1000 + 200);
  await page.getByLabel("Password").fill(env.adminPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/flow-instances");

  const metrics = await page.request.get("/api/metrics");
  expect(metrics.status()).toBe(200);
  const text = await metrics.text();
  expect(
    Number(text.match(/flowdeck_console_sign_ins_total\{outcome="throttled"\} (\d+)/)?.[1]),
  ).toBeGreaterThan(0);
  expect(
    Number(text.match(/flowdeck_console_sign_ins_total\{outcome="failed"\} (\d+)/)?.[1]),
  ).toBeGreaterThanOrEqual(6);
});

test("after sign-in, `next` cannot lead to another origin", async ({ browser }) => {
  const { context, page } = await signIn(browser, "/\\evil.example/steal");
  await page.waitForURL("**/flow-instances");
  expect(new URL(page.url()).origin).toBe(env.appUrl);
  await context.close();
  const again = await signIn(browser, "/flow-runs?state=failed");
  await again.page.waitForURL("**/flow-runs?state=failed");
  await again.context.close();
});

test("a session cookie is refused after sign-out, on pages and on the API", async ({ browser }) => {
  const { context, page } = await signIn(browser);
  await page.waitForURL("**/flow-instances");
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "flowdeck_session")!;
  expect(session.httpOnly).toBe(true);
  expect((await page.request.get("/api/flow-instances?limit=1")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/login");

  // The old cookie, replayed by someone who copied it before sign-out.
  const replay = await browser.newContext();
  await replay.addCookies([session]);
  const old = await replay.newPage();
  expect((await old.request.get("/api/flow-instances?limit=1")).status()).toBe(401);
  await old.goto("/flow-instances");
  await expect(old).toHaveURL(/\/login/);
  await replay.close();
  await context.close();
});

test("the API refuses the session cookie from another origin and without a JSON body type", async ({
  browser,
}) => {
  const { context, page } = await signIn(browser);
  await page.waitForURL("**/flow-instances");
  const cookie = (await context.cookies()).find((c) => c.name === "flowdeck_session")!;
  const send = (headers: Record<string, string>, body: string) =>
    fetch(`${env.appUrl}/api/flow-runs`, {
      method: "POST",
      headers: { cookie: `flowdeck_session=${cookie.value}`, ...headers },
      body,
    });
  const crossOrigin = await send(
    { "content-type": "text/plain", origin: "http://evil.example", "sec-fetch-site": "cross-site" },
    JSON.stringify({ flowInstanceId: "x" }),
  );
  expect(crossOrigin.status).toBe(403);
  expect((await crossOrigin.json()).message).toMatch(/console session/);
  const textPlain = await send({ "content-type": "text/plain" }, "{}");
  expect(textPlain.status).toBe(403);
  // Same origin with JSON: the cookie signs the request in (the body is then validated: 400, not 401/403).
  const sameOrigin = await send({ "content-type": "application/json", origin: env.appUrl }, "{}");
  expect(sameOrigin.status).toBe(400);

  // A server action posted from another origin: 403, not a 500.
  const action = await fetch(`${env.appUrl}/flow-instances`, {
    method: "POST",
    headers: {
      cookie: `flowdeck_session=${cookie.value}`,
      "next-action": "0123456789abcdef0123456789abcdef01234567",
      origin: "http://evil.example",
      "content-type": "text/plain;charset=UTF-8",
    },
    body: "[]",
  });
  expect(action.status).toBe(403);
  await context.close();
});

test("pages and API answers carry the security headers", async ({ request }) => {
  const login = await request.get("/login");
  const h = login.headers();
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["content-security-policy"]).toContain("script-src 'self'");
  expect(h["content-security-policy"]).toContain("object-src 'none'");
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["strict-transport-security"]).toBeUndefined(); // plain http here
  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
  const https = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toContain("max-age=");
});
