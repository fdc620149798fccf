import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "../auth/session";
import { verifyConsoleSession } from "../services/system/console-sessions";
import type { Ctx } from "../services/context";
import { boot } from "./boot";

/** Server components and actions of the console: signed-in operator (not signed out) or redirect to /login. */
export async function consoleCtx(): Promise<Ctx> {
  const { db } = await boot();
  const jar = await cookies();
  if (!(await verifyConsoleSession(db, jar.get(SESSION_COOKIE)?.value))) redirect("/login");
  return { principal: { kind: "admin", via: "session" }, db, channel: "console" };
}
