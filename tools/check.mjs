// `pnpm check` and its parts, through Nx (nx.json): every package's targets run with the local cache in
// .nx/cache, so an unchanged package replays its build, lint and tests instead of rerunning them. Ends with
// one plain line `N passed, N failed, N skipped`, summed from each package's test report
// (packages/<name>/.reports/<target>.json, an Nx output, so cache hits count too).
//   node tools/check.mjs check   build, lint, typecheck, publint, boundaries, knip, every test (default)
//   node tools/check.mjs image   the Stage 0 gate's container part: all but tests tagged docker or host
//   node tools/check.mjs docker  the Stage 0 gate's host part: build, then tests tagged docker or host
//   node tools/check.mjs test    every test, as one `test` target per package
// Tests tagged docker or host (`test-host`) run one package at a time (nx.json `parallelism: false`): a
// package's Docker cleanup and the sweep of `loom run` must not meet another package's live containers.
// Extra arguments go to `nx run-many` (e.g. --skip-nx-cache).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const STATIC = ['build', 'lint', 'typecheck', 'publint', 'boundaries', 'knip'];
const MODES = {
  check: { targets: [...STATIC, 'test-image', 'test-host'], tests: ['test-image', 'test-host'] },
  image: { targets: [...STATIC, 'test-image'], tests: ['test-image'] },
  docker: { targets: ['build', 'test-host'], tests: ['test-host'] },
  test: { targets: ['test'], tests: ['test'] },
};

const root = new URL('..', import.meta.url).pathname;
const [modeName = 'check', ...extra] = process.argv.slice(2);
const mode = MODES[modeName];
if (!mode) throw new Error(`check: unknown mode ${modeName} (one of ${Object.keys(MODES).join(', ')})`);
const packages = readdirSync(join(root, 'packages')).filter((p) => existsSync(join(root, 'packages', p, 'package.json')));

// A report left by an earlier run must not count: Nx writes each one afresh or restores it from the cache.
for (const pkg of packages) for (const t of mode.tests) rmSync(join(root, 'packages', pkg, '.reports', `${t}.json`), { force: true });

const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', ...mode.targets, '--outputStyle=static', ...extra],
  { cwd: root, stdio: 'inherit', env });

const totals = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const pkg of packages) {
  for (const t of mode.tests) {
    const file = join(root, 'packages', pkg, '.reports', `${t}.json`);
    if (!existsSync(file)) { missing.push(`${pkg}:${t}`); continue; }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    for (const k of Object.keys(totals)) totals[k] += report[k] ?? 0;
  }
}
// A test target that never ran (its build failed, so Nx skipped it) counts as one failure, never as nothing.
if (missing.length) console.log(`check: no test report from ${missing.join(', ')} (the target did not run)`);
totals.failed += missing.length;
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
const failed = nx.status !== 0 || totals.failed > 0 || totals.passed === 0;
process.exit(failed ? nx.status || 1 : 0);
