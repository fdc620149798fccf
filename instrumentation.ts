export async function register() {
  // NEXT_RUNTIME is set by Next itself (not configuration), so it is read here rather than in lib/env.ts.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { boot } = await import("./lib/server/boot");
    try {
      await boot();
    } catch (err) {
      console.error(`[flowdeck] cannot start: ${(err as Error).message}`);
      process.exit(1);
    }
  }
}
