import { SignJWT } from "jose";
import { MembraneClient } from "@membranehq/sdk";

export const env = {
  appUrl: process.env.E2E_APP_URL!,
  workspaceKey: process.env.E2E_WORKSPACE_KEY!,
  workspaceSecret: process.env.E2E_WORKSPACE_SECRET!,
  adminPassword: process.env.E2E_ADMIN_PASSWORD!,
};

export async function mintToken(
  claims: Record<string, unknown>,
  alg: "HS256" | "HS512" = "HS256",
  expiresIn = "1h",
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuer(env.workspaceKey)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(env.workspaceSecret));
}

export const adminToken = () => mintToken({ isAdmin: true });
export const customerToken = (id: string, name?: string) => mintToken({ id, name: name ?? id });

export function sdk(token: string) {
  return new MembraneClient({ apiUri: `${env.appUrl}/api`, token });
}

export async function api(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${env.appUrl}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    body: json as Record<string, unknown> & { items?: Record<string, unknown>[] },
  };
}
