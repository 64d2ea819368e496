/** A Docker job through `loom run --local` (tag `docker`; needs the daemon and `pnpm images`). */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { explain, readRecord, receiptPathOf, runLoom, statuses, useCaseRepos } from './run-harness.js';

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
}, { tags: ['docker'] });
