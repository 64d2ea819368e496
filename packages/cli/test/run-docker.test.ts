/** A Docker job through `loom run --local` (tag `docker`; needs the daemon and `pnpm images`). */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { explain, readRecord, receiptPathOf, runLoom, startLoom, statuses, useCaseRepos } from './run-harness.js';

const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

describeWithRequirement('loom run --local: docker job', { available: dockerUp, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const { repoOf } = useCaseRepos();

  it('runs in /workspace with the image variables and without the host environment', async () => {
    const cwd = await repoOf('docker-job');
    const run = await runLoom(['run', '--local'], { cwd, env: { LOOM_CASE_HOST_ONLY: 'host-secret-ish' } });
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    expect(statuses(record)).toEqual({ 'host-side': 'success', 'in-container': 'success' });
    expect(record.job('in-container').summary).toMatchObject({ provider: 'docker', image: 'loom-local/busybox:latest' });
  }, 120_000);

  it('a plain run boots its container before the CLI loads and hands it over with its run id; nothing is left', async () => {
    const cwd = await repoOf('docker-job');
    const since = Math.floor(Date.now() / 1000) - 1;
    const { child, done } = startLoom(['run', '--local'], { cwd });
    const run = await done;
    expect(run.code, explain(run)).toBe(0);
    const runId = String(readRecord(receiptPathOf(run)).receipt['executor_receipt']['pipeline_id']).replace('loom-local-', 'loom-run-local-');
    // Every container this Loom process created: one, booted early and taken by the job (a lost handover
    // would show a second one, with another run id).
    const created = spawnSync('docker', ['events', '--since', String(since), '--until', String(Math.ceil(Date.now() / 1000) + 1), '--filter', 'type=container', '--filter', 'event=create',
      '--filter', `label=loom.pid=${child.pid}`, '--format', '{{.Actor.Attributes.name}} {{index .Actor.Attributes "loom.run_id"}}'], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(created).toEqual([expect.stringMatching(new RegExp(`^loom-preboot-${runId.slice(-8)}-[0-9a-f]{6} ${runId}$`))]);
    const left = spawnSync('docker', ['ps', '-aq', '--filter', `label=loom.run_id=${runId}`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  }, 120_000);
}, { tags: ['docker'] });
