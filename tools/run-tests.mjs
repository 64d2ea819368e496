// Runs every vitest project and ends with one plain line `N passed, N failed, N skipped` totalled over all of
// them, so a run that executed no test is visible to whoever reads the log.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'loom-tests-'));
const report = join(dir, 'report.json');
const vitest = new URL('../node_modules/vitest/vitest.mjs', import.meta.url);
const args = [vitest.pathname, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync(process.execPath, args, { stdio: 'inherit' });

let totals = { passed: 0, failed: 0, skipped: 0 };
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  totals = {
    passed: json.numPassedTests ?? 0,
    // A file that failed with no failing test (an import error, a failing hook) counts once; a failing test
    // counts once, not again for each describe block and file around it.
    failed: (json.numFailedTests ?? 0) + (json.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.some((a) => a.status === 'failed')).length,
    skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
  };
} catch {
  totals.failed = 1; // no report means vitest itself failed before running anything
}
rmSync(dir, { recursive: true, force: true });
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
const noTests = totals.passed + totals.failed === 0;
process.exit(run.status !== 0 || noTests ? run.status || 1 : 0);
