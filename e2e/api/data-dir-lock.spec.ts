import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import { adminToken, api } from "../fixtures";

// A second server on the running server's DATA_DIR (what a second `npm start` in the same folder does) must
// refuse to start, and the first must keep serving with its data intact.
test("a second server on one DATA_DIR exits with the holder's PID; the first keeps serving", async () => {
  test.setTimeout(120_000);
  const token = await adminToken();
  const key = `lock-check-${Date.now()}`;
  const created = await api(token, "POST", "/customers", { name: "Lock check", internalId: key });
  expect(created.status).toBeLessThan(300);

  const port = Number(process.env.E2E_PORT ?? 3123) + 7;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: process.env.E2E_DATA_DIR!,
      WORKSPACE_KEY: process.env.E2E_WORKSPACE_KEY!,
      WORKSPACE_SECRET: process.env.E2E_WORKSPACE_SECRET!,
      ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD!,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: "pipe",
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).not.toBe(0);
  expect(out).toMatch(/in use by another Flowdeck process \(PID \d+/);
  expect(out).toContain("DATABASE_URL");

  const health = await api(token, "GET", "/health");
  expect(health.status).toBe(200);
  const list = await api(token, "GET", `/customers?search=${key}`);
  expect(list.status).toBe(200);
  expect(list.body.items?.map((c) => c.internalId)).toContain(key);
});
