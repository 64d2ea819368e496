/** `loom export` and reading an export back with `--from` (issue 16). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, receiptPathOf, runLoom, runTmpdirOf, useCaseRepos } from './run-harness.js';

const { repoOf, tempDir } = useCaseRepos();

describe('loom export', () => {
  it('writes the record with relative paths; logs and report read it back from anywhere', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--variable', 'GREETING=bonjour'], { cwd });
    expect(run.code, explain(run)).toBe(1);
    const runId = receiptPathOf(run).split('/').at(-1)!.replace('.json', '');
    const archive = join(dirname(cwd), 'run.tar.gz');
    const exported = await runLoom(['export', '--last', '-o', archive], { cwd });
    expect(exported.code, exported.stderr).toBe(0);

    const listing = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).split('\n');
    expect(listing).toContain(`receipts/${runId}.json`);
    expect(listing).toContain(`logs/${runId}/report.html`);
    expect(listing).toContain(`logs/${runId}/jobs/test/user/execution/script/02/events.jsonl`);
    const unpacked = join(tempDir(), 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
    const everything = execFileSync('sh', ['-c', 'cat receipts/* $(find logs -name "*.json*" -o -name "*.html")'], { cwd: unpacked, encoding: 'utf8' });
    expect(everything).not.toContain(cwd);
    expect(everything).not.toContain(runTmpdirOf(cwd));
    const receipt = JSON.parse(readFileSync(join(unpacked, 'receipts', `${runId}.json`), 'utf8')) as Record<string, unknown>;
    expect(receipt).toMatchObject({ repo_root: '<repo>', logs_dir: `logs/${runId}`, snapshot_path: '<workspace>', workflow_path: '<repo>/.loom/workflow.yml' });

    const elsewhere = tempDir();
    const logs = await runLoom(['logs', 'test', '--from', archive], { cwd: elsewhere, env: { TMPDIR: runTmpdirOf(cwd) } });
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('[stderr] GREETING is bonjour, not hello\nexit code 3\n');
    const report = await runLoom(['report', '--from', archive], { cwd: elsewhere, env: { TMPDIR: runTmpdirOf(cwd) } });
    expect(report.code, report.stderr).toBe(0);
    const reportPath = report.stdout.trim();
    expect(reportPath).toMatch(new RegExp(`/logs/${runId}/report\\.html$`));
    expect(readFileSync(reportPath, 'utf8')).toContain('GREETING is bonjour, not hello');
    rmSync(dirname(dirname(dirname(reportPath))), { recursive: true, force: true });
    expect(existsSync(reportPath)).toBe(false);
  });

  it('refuses without -o, and says what an archive must hold', async () => {
    const cwd = await repoOf('daily');
    expect((await runLoom(['export'], { cwd })).stderr).toContain('loom export needs -o <file>.tar.gz');
    const bogus = join(tempDir(), 'x.tar.gz');
    execFileSync('tar', ['-czf', bogus, '-C', cwd, '.loom']);
    const logs = await runLoom(['logs', '--from', bogus], { cwd: tempDir(), env: { TMPDIR: runTmpdirOf(cwd) } });
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain('does not hold one run record (receipts/<run_id>.json and logs/<run_id>/)');
  });
});
