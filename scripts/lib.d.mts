// Types of lib.mjs for the TypeScript files that import it (playwright.config.ts, the benchmarks).
export const root: string;
export const SERVER_ARGS: string[];
export const WORKER_ARGS: string[];
export function run(cmd: string, args: string[], opts?: object): void;
export function ensureDependencies(): void;
export function sourceHash(): string;
export function ensureBuild(): void;
export function findChromium(): string | undefined;
export function ensureChromium(): string;
