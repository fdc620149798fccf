"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, checkAdminPassword, createSessionValue } from "@/lib/auth/session";
import { boot } from "@/lib/server/boot";

export async function signIn(
  _prev: { error?: string } | undefined,
  form: FormData,
): Promise<{ error?: string }> {
  await boot();
  const password = String(form.get("password") ?? "");
  if (!password || !checkAdminPassword(password)) return { error: "Wrong password" };
  const jar = await cookies();
  jar.set(SESSION_COOKIE, await createSessionValue(), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: 12 * 3600,
  });
  const next = String(form.get("next") ?? "/flow-instances");
  redirect(next.startsWith("/") && !next.startsWith("//") ? next : "/flow-instances");
}

export async function signOut() {
  const jar = await cookies();
  jar.delete(SESSION_COOKIE);
  redirect("/login");
}
