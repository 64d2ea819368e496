// One package's vitest project, as an Nx target (`test`, `test-image`, `test-host`; see nx.json). Runs from
// the workspace root (vitest.config.ts declares one project per package), writes the package's totals to
// packages/<name>/.reports/<target>.json — an Nx output, so a cache hit restores it — and tools/check.mjs
// sums those files into the closing `N passed, N failed, N skipped` line.
//   node ../../tools/test-package.mjs <target> [vitest args…]   (cwd: the package)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

// The Stage 0 gate splits the suite: what runs inside a container, and what needs Docker or the host.
// `belongs` says which tests a target runs, so a test the filter left out is not counted as skipped there.
const needsHost = (tags = []) => tags.includes('docker') || tags.includes('host');
const TARGETS = {
  test: { filter: undefined, belongs: () => true },
  'test-image': { filter: '!docker && !host', belongs: (tags) => !needsHost(tags) },
  'test-host': { filter: 'docker || host', belongs: needsHost },
};

const [target = 'test', ...extra] = process.argv.slice(2);
const spec = TARGETS[target];
if (!spec) throw new Error(`test-package: unknown target ${target} (one of ${Object.keys(TARGETS).join(', ')})`);
const pkgDir = process.cwd();
const project = basename(pkgDir);
const root = new URL('..', import.meta.url).pathname;

const tmp = mkdtempSync(join(tmpdir(), `loom-test-${project}-`));
const report = join(tmp, 'report.json');
const args = [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', project, '--passWithNoTests',
  '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
if (spec.filter) args.push(`--tags-filter=${spec.filter}`);
// Nx sets FORCE_COLOR for its tasks; tests compare the plain output of the processes they start.
const env = { ...process.env };
delete env.FORCE_COLOR;
const run = spawnSync(process.execPath, [...args, ...extra], { cwd: root, stdio: 'inherit', env });

const totals = readTotals(report);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(pkgDir, '.reports'), { recursive: true });
writeFileSync(join(pkgDir, '.reports', `${target}.json`), `${JSON.stringify({ project, target, ...totals })}\n`);
console.log(`${project} ${target}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(run.status !== 0 || totals.failed > 0 ? run.status || 1 : 0);

function readTotals(file) {
  try {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    return {
      passed: json.numPassedTests ?? 0,
      // A file that failed with no failing test (an import error, a failing hook) counts once; a failing test
      // counts once, not again for each describe block and file around it.
      failed: (json.numFailedTests ?? 0) + (json.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.some((a) => a.status === 'failed')).length,
      skipped: (json.testResults ?? []).flatMap((f) => f.assertionResults ?? [])
        .filter((a) => ['skipped', 'pending', 'todo'].includes(a.status) && spec.belongs(a.tags)).length,
    };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 }; // no report: vitest itself failed before running anything
  }
}
