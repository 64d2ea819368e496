/** `loom run --job/--no-needs/--variable`, and where `loom run` finds its workflow (issue 16). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, readRecord, receiptPathOf, runLoom, runTmpdirOf, statuses, useCaseRepos } from './run-harness.js';

const { repoOf, tempDir } = useCaseRepos();

describe('loom run --local: selecting jobs and overriding variables', () => {
  it('--job runs the job and what it needs, transitively; from a subdirectory', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--job', 'test'], { cwd: join(cwd, 'src'), env: { TMPDIR: runTmpdirOf(cwd) } });
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ build: 'success', test: 'success' });
    expect(record.receipt['workflow_path']).toBe(join(cwd, '.loom', 'workflow.yml'));
    expect(record.receipt['graph_ir']).toMatchObject({ selection: ['test'] });
  });

  it('--no-needs runs only the named job and says what it left out and why', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--job', 'test', '--no-needs'], { cwd });
    expect(run.code, explain(run)).toBe(0);
    expect(run.stderr).toContain('not running build (needed by test): --no-needs runs only the named jobs');
    expect(statuses(readRecord(receiptPathOf(run)))).toEqual({ test: 'success' });
  });

  it('an unknown job gets a "did you mean"', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--job', 'tset'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PLAN_UNKNOWN_JOB: "tset" is not a job of this workflow');
    expect(run.stderr).toContain('did you mean "test"?');
  });

  it('--variable overrides every workflow layer and is recorded in the receipt', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--job', 'test', '--variable', 'GREETING=bonjour'], { cwd });
    expect(run.code, explain(run)).toBe(1);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ build: 'success', test: 'failed' });
    expect(record.receipt['command']).toEqual(['loom', 'run', '--local', '--job', 'test', '--variable', 'GREETING=bonjour']);
    expect(record.receipt['graph_ir']).toMatchObject({ variable_overrides: { GREETING: 'bonjour' } });
  });

  it('--variable is refused for a secret\'s name, before anything runs', async () => {
    const cwd = await repoOf('secrets');
    const run = await runLoom(['run', '--local', '--variable', 'DEPLOY_TOKEN=oops-plain-text'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PLAN_VARIABLE_IS_SECRET: --variable DEPLOY_TOKEN is refused: DEPLOY_TOKEN is a secret of job "with-secret"');
    expect(run.stderr).not.toContain('started ');
    const receipt = readFileSync(receiptPathOf(run), 'utf8');
    expect(receipt).not.toContain('oops-plain-text');
    expect(JSON.parse(receipt).command).toEqual(['loom', 'run', '--local', '--variable', 'DEPLOY_TOKEN=[REDACTED]']);
  });

  it('outside a repository the message names the directory the user is in', async () => {
    const dir = tempDir();
    const run = await runLoom(['run', '--local'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no git repository at or above ${dir}\n`);
  });
});
