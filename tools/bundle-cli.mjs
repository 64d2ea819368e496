// Bundles the CLI (esbuild) into packages/cli/dist/bin.js + dist/chunks/, straight from the TypeScript
// sources of every @loom package it uses (the `@loom/source` condition). Why: Node 20's ESM loader pays per
// module, and a plain `tsc` build makes `loom run` load ~600 files (execa alone ~260): ~150 ms of a small
// pipeline's wall time. Dynamic imports stay lazy (code splitting), so `loom --version` still loads little.
// Runs after `tsc -b` (which type-checks and builds the libraries' dist/ for other consumers) and
// overwrites the unbundled dist/bin.js that tsc emits.
//
// Left out of the bundle, resolved at run time from packages/cli/node_modules:
// - dockerode's BuildKit session/status and docker-modem's ssh transport, through @loom/provider-docker/lazy/*
//   (see dockerLazyPartsOutside); the rest of @loom/provider-docker and dockerode is bundled, in a chunk
//   loaded only when a plan has a Docker job.
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

/** The Docker provider is bundled, dockerode with it — its CommonJS graph (~100 files) took ~30 ms to load
 * file by file, in the middle of the first container's start — except the parts that only BuildKit builds
 * and `ssh://` hosts need, which are required lazily (our patches) and read `.proto` files beside their own
 * code or load ssh2's optional native parts: those are required through `@loom/provider-docker/lazy/*`,
 * which loads dockerode's and docker-modem's own files (dockerode stays the provider's dependency). */
const dockerLazyPartsOutside = {
  name: 'docker-lazy-parts-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit|ssh)$/ }, (args) =>
      /[\\/]node_modules[\\/](dockerode|docker-modem)[\\/]lib[\\/][^\\/]+$/.test(args.importer)
        ? { path: `@loom/provider-docker/lazy/${args.path.slice(2)}`, external: true }
        : undefined);
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
  plugins: [zodWithoutLocales, dockerLazyPartsOutside, earlyBootOnItsOwn],
});
await build({ ...common, entryPoints: { 'early-boot': 'src/run/early-boot.ts' } });
