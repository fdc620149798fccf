import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, verifySessionValue } from "../auth/session";
import type { Ctx } from "../services/context";
import { boot } from "./boot";

/** Server components and actions of the console: signed-in operator or redirect to /login. */
export async function consoleCtx(): Promise<Ctx> {
  const { db } = await boot();
  const jar = await cookies();
  if (!(await verifySessionValue(jar.get(SESSION_COOKIE)?.value))) redirect("/login");
  return { principal: { kind: "admin", via: "session" }, db, channel: "console" };
}
