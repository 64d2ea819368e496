/** The scheduling cases of the corpus, run by the built CLI; assertions read the run record. */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();

async function runCase(name: string, args: string[] = []) {
  const cwd = await repoOf(name);
  const run = await runLoom(['run', '--local', ...args], { cwd });
  return { cwd, run, record: readRecord(receiptPathOf(run)) };
}

describe('loom run --local: case corpus', () => {
  it('stages: every job in stage order, each seeing what the earlier stage wrote', async () => {
    const { cwd, run, record } = await runCase('stages');
    expect(run.code, explain(run)).toBe(0);
    expect(record.receipt).toMatchObject({ status: 'success', exit_code: 0, repo_root: cwd, workflow_path: join(cwd, '.loom', 'workflow.yml') });
    expect(statuses(record)).toEqual({ compile: 'success', unit: 'success', lint: 'success', ship: 'success' });
    expect(record.times('unit').started).toBeGreaterThanOrEqual(record.times('compile').finished);
    expect(record.times('lint').started).toBeGreaterThanOrEqual(record.times('compile').finished);
    expect(record.times('ship').started).toBeGreaterThanOrEqual(Math.max(record.times('unit').finished, record.times('lint').finished));
    expect(record.phaseReport).toMatchObject({ valid: true });
  });

  it('the isolated workspace holds the record: its path is printed, logs linked, receipt copied', async () => {
    const { run, record } = await runCase('stages');
    const snapshot = record.receipt['snapshot_path'] as string;
    expect(run.stderr.split('\n')).toContain(`isolated workspace: ${snapshot}`);
    expect(existsSync(join(snapshot, '.git'))).toBe(true);
    const runId = record.logsDir.split('/').at(-1) as string;
    const runtime = join(snapshot, '.loom', '.runtime');
    expect(realpathSync(join(runtime, 'logs', runId))).toBe(realpathSync(record.logsDir));
    expect(readFileSync(join(runtime, 'receipts', `${runId}.json`), 'utf8')).toBe(readFileSync(record.receiptPath, 'utf8'));
    expect(existsSync(join(runtime, 'logs', runId, 'pipeline', 'manifest.json'))).toBe(true);
  });

  it('needs across stages: a job waits only for what it needs', async () => {
    const { run, record } = await runCase('needs', ['--concurrency', '4']);
    expect(run.code, explain(run)).toBe(0);
    expect(Object.values(statuses(record)).every((s) => s === 'success')).toBe(true);
    expect(record.times('lib-test').started).toBeGreaterThanOrEqual(record.times('lib').finished);
    // package (deploy) needs only lib (build): it starts while app (build, 1 s) still runs.
    expect(record.times('package').started).toBeLessThan(record.times('app').finished);
    expect(record.times('release').started).toBeGreaterThanOrEqual(Math.max(record.times('lib-test').finished, record.times('app').finished));
  });

  it('eager start: after-a (needs fast-a) finishes before slow-b of the earlier stage ends', async () => {
    const { run, record } = await runCase('eager-start', ['--concurrency', '3']);
    expect(run.code, explain(run)).toBe(0);
    expect(record.times('after-a').started).toBeGreaterThanOrEqual(record.times('fast-a').finished);
    expect(record.times('after-a').finished).toBeLessThan(record.times('slow-b').finished);
  });

  it('failure and skip propagation follow the GitLab rule, and the ladder leads to the failing step', async () => {
    const { run, record } = await runCase('failure-skip', ['--concurrency', '4']);
    expect(run.code).toBe(1);
    expect(record.receipt).toMatchObject({ status: 'failure', exit_code: 1 });
    expect(record.receipt).not.toHaveProperty('error');
    expect(statuses(record)).toEqual({
      broken: 'failed',
      fine: 'success',
      'needs-broken': 'skipped',
      'needs-fine': 'success',
      chained: 'skipped',
      'stage-gated': 'skipped',
    });
    const reasons = Object.fromEntries((record.pipelineManifest['jobs'] as { job_id: string; reason?: string }[]).filter((j) => j.reason).map((j) => [j.job_id, j.reason]));
    expect(reasons).toEqual({
      'needs-broken': 'needs broken, which failed',
      chained: 'needs needs-broken, which was skipped (broken failed)',
      'stage-gated': 'broken failed in an earlier stage',
    });
    expect(record.pipelineManifest).toMatchObject({ failing_job_id: 'broken', failing_job_manifest_path: 'jobs/broken/manifest.json' });
    const broken = record.job('broken').manifest;
    expect(broken).toMatchObject({ failing_section: 'user/execution', failing_step_events_path: 'jobs/broken/user/execution/script/02/events.jsonl', exit_code: 3 });
    expect((broken['steps'] as { status: string }[]).map((s) => s.status)).toEqual(['success', 'failed', 'skipped']);
    const output = record.events(broken['failing_step_events_path'] as string).filter((l) => l['event'] === 'output');
    expect(output.map((l) => l['line'])).toEqual(['boom']);
    expect(record.phaseReport).toMatchObject({ valid: true });
  });

  it('templates, extends and include: templates never run, jobs inherit the chain', async () => {
    const { run, record } = await runCase('templates');
    expect(run.code, explain(run)).toBe(0);
    expect(statuses(record)).toEqual({ 'inherits-script': 'success', overrides: 'success', chain: 'success' });
    const inherited = record.job('inherits-script').manifest['steps'] as { command: string }[];
    expect(inherited.map((s) => s.command)).toEqual(['test "$FROM_TEMPLATE" = base']);
  });

  it('a 200-job pipeline runs to the end, every job recorded', async () => {
    const { run, record } = await runCase('many-jobs');
    expect(run.code, explain(run)).toBe(0);
    const jobs = record.pipelineManifest['jobs'] as { status: string }[];
    expect(jobs).toHaveLength(200);
    expect(jobs.every((j) => j.status === 'success')).toBe(true);
    expect(record.pipelineSummary).toMatchObject({ status: 'success', jobs: { total: 200, success: 200 } });
    expect(record.phaseReport).toMatchObject({ valid: true });
  }, 120_000);
});
