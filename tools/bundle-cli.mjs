// Bundles the CLI (esbuild) into packages/cli/dist/bin.js + dist/chunks/, straight from the TypeScript
// sources of every @loom package it uses (the `@loom/source` condition). Why: Node 20's ESM loader pays per
// module, and a plain `tsc` build makes `loom run` load ~600 files (execa alone ~260): ~150 ms of a small
// pipeline's wall time. Dynamic imports stay lazy (code splitting), so `loom --version` still loads little.
// Runs after `tsc -b` (which type-checks and builds the libraries' dist/ for other consumers) and
// overwrites the unbundled dist/bin.js that tsc emits.
//
// Left out of the bundle, resolved at run time from packages/cli/node_modules:
// - @loom/provider-docker (its tsc build) and with it dockerode/ssh2, whose optional native parts cannot be
//   bundled; it is only imported when a plan has a Docker job.
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

const cli = new URL('../packages/cli/', import.meta.url).pathname;
rmSync(`${cli}dist/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: cli,
  entryPoints: { bin: 'src/bin.ts' },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  conditions: ['@loom/source'],
  external: ['@loom/provider-docker', '@1password/sdk'],
  // CommonJS dependencies (cross-spawn, debug…) call require() for Node built-ins.
  banner: { js: "import { createRequire as __loomCreateRequire } from 'node:module'; const require = __loomCreateRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [zodWithoutLocales],
  logLevel: 'warning',
});
