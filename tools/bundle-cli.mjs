// Bundles the CLI (esbuild) into packages/cli/dist/bin.js + dist/chunks/, straight from the TypeScript
// sources of every @loom package it uses (the `@loom/source` condition). Why: Node 20's ESM loader pays per
// module, and a plain `tsc` build makes `loom run` load ~600 files (execa alone ~260): ~150 ms of a small
// pipeline's wall time. Dynamic imports stay lazy (code splitting), so `loom --version` still loads little.
// Runs after `tsc -b` (which type-checks and builds the libraries' dist/ for other consumers) and
// overwrites the unbundled dist/bin.js that tsc emits.
//
// Left out of the bundle, resolved at run time from packages/cli/node_modules:
// - @loom/provider-docker (its tsc build) and with it dockerode/ssh2, whose optional native parts cannot be
//   bundled; it is only imported when a plan has a Docker job. Its `preboot` subpath is bundled.
// - yaml and zod where @loom/schema loads them lazily through createRequire, fast-glob where @loom/cache-key
//   does (so cli declares all three).
// - @1password/sdk (loaded by @loom/secrets only for op://): its WASM core is read from beside its own files,
//   so it cannot be bundled (so cli declares it).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/** zod's `z` namespace re-exports every locale (`z.locales`, `z.core.locales`): ~50 translations that Loom
 * never uses (its messages are its own, and zod registers English from its own import), which made
 * zod's chunk ~0.8 MB to compile on every start. Both re-exports resolve to an empty module here. */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'loom-empty' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'loom-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/** `@loom/provider-docker` stays outside (see above), but not its `preboot` subpath: no dockerode there, and
 * a plain `loom run --local` sends its first container request from it before the CLI has loaded
 * (cli/src/run/early-boot.ts), so it is bundled with the code that calls it. */
const dockerProviderOutside = {
  name: 'docker-provider-outside',
  setup(build) {
    build.onResolve({ filter: /^@loom\/provider-docker$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/** bin.ts's early boot is its own one-file bundle (built below): split into the shared chunks of the main
 * build it was ~12 modules, ~10 ms of Node's ESM loader before the first container request. */
const earlyBootOnItsOwn = {
  name: 'early-boot-on-its-own',
  setup(build) {
    build.onResolve({ filter: /^\.\/run\/early-boot\.js$/ }, () => ({ path: './early-boot.js', external: true }));
  },
};

const cli = new URL('../packages/cli/', import.meta.url).pathname;
rmSync(`${cli}dist/chunks`, { recursive: true, force: true });
const common = {
  absWorkingDir: cli,
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  conditions: ['@loom/source'],
  external: ['@1password/sdk'],
  // CommonJS dependencies (cross-spawn, debug…) call require() for Node built-ins.
  banner: { js: "import { createRequire as __loomCreateRequire } from 'node:module'; const require = __loomCreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: { bin: 'src/bin.ts' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  plugins: [zodWithoutLocales, dockerProviderOutside, earlyBootOnItsOwn],
});
await build({ ...common, entryPoints: { 'early-boot': 'src/run/early-boot.ts' }, plugins: [dockerProviderOutside] });
