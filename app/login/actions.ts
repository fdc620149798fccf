"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  SESSION_COOKIE,
  SESSION_MAX_AGE_S,
  checkAdminPassword,
  createSessionValue,
} from "@/lib/auth/session";
import { loginThrottle } from "@/lib/auth/login-throttle";
import { boot } from "@/lib/server/boot";
import { clientAddress } from "@/lib/server/client-address";
import { sameOriginPath } from "@/lib/server/safe-redirect";
import { isHttps } from "@/lib/server/security-headers";
import { revokeConsoleSession } from "@/lib/services/system/console-sessions";

export async function signIn(
  _prev: { error?: string } | undefined,
  form: FormData,
): Promise<{ error?: string }> {
  await boot();
  const h = await headers();
  const client = clientAddress(h);
  const waitMs = loginThrottle.retryAfterMs(client);
  if (waitMs > 0)
    return { error: `Too many failed sign-in attempts. Try again in ${Math.ceil(waitMs / 1000)} s.` };
  const password = String(form.get("password") ?? "");
  if (!password || !checkAdminPassword(password)) {
    loginThrottle.failed(client);
    return { error: "Wrong password" };
  }
  loginThrottle.succeeded(client);
  const jar = await cookies();
  jar.set(SESSION_COOKIE, await createSessionValue(), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_MAX_AGE_S,
    secure: isHttps(h),
  });
  redirect(sameOriginPath(form.get("next")));
}

export async function signOut() {
  const { db } = await boot();
  const jar = await cookies();
  await revokeConsoleSession(db, jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
