/**
 * Artifacts of Docker jobs through `loom run --local` (tag `docker`): build → test in both mount modes (the
 * mode from the runtime config), and a 200 MB artifact that must not raise Loom's memory (RSS < 150 MiB).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { artifactsOf, expectBuildArtifacts, expectWhenResults } from './artifacts-harness.js';
import { explain, readRecord, receiptPathOf, startLoom, statuses, useCaseRepos } from './run-harness.js';

const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;

/** Peak resident memory of a live process (VmHWM), in bytes; 0 once it is gone. */
function peakRss(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

describeWithRequirement('loom run --local: artifacts of Docker jobs', { available: dockerUp, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const { repoOf } = useCaseRepos();

  for (const mode of ['ephemeral_volume', 'bind_mount'] as const) {
    it(`build → test with ${mode}: test reads build's output; {job, artifacts: false} opts out`, async () => {
      const cwd = await repoOf('artifacts-docker');
      if (mode === 'bind_mount') {
        const workflow = join(cwd, '.loom', 'workflow.yml');
        writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('LOOM_CASE_SHARED: "0"', 'LOOM_CASE_SHARED: "1"'));
        writeFileSync(join(cwd, '.loom', 'config.yml'), 'runtime:\n  docker:\n    workspaceMount: bind_mount\n');
      }
      const run = await startLoom(['run', '--local'], { cwd }).done;
      expect(run.code, explain(run)).toBe(0);
      const record = readRecord(receiptPathOf(run));
      expect(statuses(record)).toEqual({ build: 'success', test: 'success', 'opt-out': 'success' });
      expectBuildArtifacts(record, 'ünï côdé.txt');
      const restored = record.events('jobs/test/system/provider/events.jsonl').filter((e) => e['event'] === 'note' && String(e['message']).startsWith('restored'));
      expect(restored).toHaveLength(1);
      expect(record.events('jobs/opt-out/system/provider/events.jsonl').some((e) => String(e['message']).startsWith('restored'))).toBe(false);
      const config = record.events('events.jsonl').find((e) => String(e['message']).startsWith('runtime config:'));
      expect(config?.['data'].values.find((v: { key: string }) => v.key === 'runtime.docker.workspaceMount')).toMatchObject({ value: mode });
    }, 60_000);

    it(`when × job result with ${mode}`, async () => {
      const cwd = await repoOf('artifacts-when');
      const workflow = join(cwd, '.loom', 'workflow.yml');
      writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('  target: linux\n', '  target: linux\n  image: loom-local/busybox:latest\n'));
      const run = await startLoom(['run', '--local', '--docker-workspace-mount', mode], { cwd }).done;
      expect(run.code, explain(run)).toBe(1);
      expectWhenResults(readRecord(receiptPathOf(run)));
    }, 60_000);
  }

  it('a 200 MB artifact goes out of one container and into the next with Loom under 150 MiB RSS', async () => {
    const cwd = await repoOf('artifacts-big');
    const { child, done } = startLoom(['run', '--local'], { cwd });
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, peakRss(child.pid ?? 0))), 50);
    const run = await done.finally(() => clearInterval(timer));
    expect(run.code, explain(run)).toBe(0);
    const record = readRecord(receiptPathOf(run));
    expect(artifactsOf(record, 'build').manifest).toMatchObject({ files: 1, bytes: 209_715_200 });
    expect(peak).toBeGreaterThan(0);
    expect(peak / 2 ** 20).toBeLessThan(150);
  }, 120_000);
}, { tags: ['docker'] });
