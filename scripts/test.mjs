// `npm test`: install what is missing, then lint, typecheck, unit + service tests, and Playwright.
import { ensureBuild, ensureChromium, ensureDependencies, run } from "./lib.mjs";

const t0 = Date.now();
const step = (name, fn) => {
  const s = Date.now();
  console.log(`\n━━ ${name}`);
  fn();
  console.log(`━━ ${name} done in ${((Date.now() - s) / 1000).toFixed(1)} s`);
};
ensureDependencies();
const chromium = ensureChromium();
step("lint", () => run("npm", ["run", "lint", "--silent"]));
step("typecheck", () => run("npx", ["tsc", "--noEmit"]));
step("unit and service tests", () => run("npx", ["vitest", "run"]));
step("build", () => ensureBuild());
step("playwright", () =>
  run("npx", ["playwright", "test"], { env: { ...process.env, CHROMIUM_PATH: chromium } }),
);
console.log(`\nAll checks passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
