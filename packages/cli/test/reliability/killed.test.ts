/**
 * Loom killed with SIGKILL mid-run (issue 17): every job container stops by itself within 5 s (its step
 * server exits when Loom's connection ends; AutoRemove removes it), and the next run — host-only or
 * Docker — sweeps what remains (a service, a network, the secret files of a job holding a `file: true` secret). CI form: 2 kills; `pnpm reliability`: 10.
 */
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import {
  dockerAvailable, dockerObjectsOf, firstJobContainer, iterations, receiptOf, removeDockerObjectsOf, runTmpdirOf, secretFilesOf, seed, seededRandom, sleep, startRun, useRepos, waitFor,
} from './support.js';
import { dockerParallel, dockerService, hostOnly } from './workflows.js';

const count = iterations(2, 10);
const random = seededRandom(seed + 1);

describeWithRequirement('reliability: Loom killed with SIGKILL', { available: dockerAvailable, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const repoOf = useRepos();

  it.each(Array.from({ length: count }, (_, i) => [i + 1, i % 2 === 0 ? 'a service' : '3 parallel jobs', i % 2 === 0 ? 'host-only' : 'Docker'] as const))(
    `kill %i (%s): job containers stop within 5 s; the next %s run sweeps the rest (seed ${seed})`,
    async (_n, kind, next) => {
      const cwd = await repoOf(kind === 'a service' ? dockerService : dockerParallel);
      const run = startRun(cwd);
      try {
        await firstJobContainer(run);
        await sleep(300 + random() * 1500);
        const killedAt = run.signal('SIGKILL');
        await run.done;
        const jobContainers = (): string[] => dockerObjectsOf(run.pid).filter((o) => o.startsWith('container') && !o.includes('-web-') && / Up /.test(o));
        await waitFor(() => jobContainers().length === 0, 5000, 'the job containers to stop by themselves');
        console.log(`kill ${_n}: job containers stopped ${Date.now() - killedAt} ms after SIGKILL; left for the sweep: ${dockerObjectsOf(run.pid).join('; ') || 'nothing'}`);
        // The next run shares the killed one's TMPDIR, where its secret files are (dockerParallel holds one).
        const sweeper = startRun(await repoOf(next === 'host-only' ? hostOnly : dockerParallelQuick), { TMPDIR: runTmpdirOf(cwd) });
        const swept = await sweeper.done;
        expect(secretFilesOf(cwd), 'the killed run\'s secret files after the next run').toEqual([]);
        expect(receiptOf(swept).json).toMatchObject({ status: 'success' });
        await waitFor(() => dockerObjectsOf(run.pid).length === 0, 3000, 'the sweep').catch(() => undefined);
        expect(dockerObjectsOf(run.pid)).toEqual([]);
      } finally {
        removeDockerObjectsOf(run.pid);
      }
    },
    60_000,
  );
}, { tags: ['docker', 'slow'] });

const dockerParallelQuick = {
  '.loom/workflow.yml': 'version: v1\ndefault:\n  target: linux\nstages: [one]\nq:\n  stage: one\n  image: loom-local/busybox\n  script: [\'true\']\n',
};
