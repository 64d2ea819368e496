/**
 * The Docker daemon goes away mid-run (issue 17): Loom talks to it through a proxy socket that the test cuts
 * at a random moment, or through a socket that accepts and never answers. Every time: exit within 10 s,
 * `DOCKER_UNAVAILABLE` naming the socket, never the image's or the job's fault, a valid receipt, and what
 * could not be removed is named. Odd runs cut the proxy (connections dropped, socket gone), even ones freeze
 * it (connections stay open, nothing more is forwarded: a hung daemon, found by the daemon watch's pings).
 * CI form: 1 cut + 1 freeze + the silent socket; `pnpm reliability`: 10 cuts/freezes.
 */
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import {
  dockerAvailable, dockerObjectsOf, firstJobContainer, dockerProxy, iterations, receiptOf, removeDockerObjectsOf, runTmpdirOf, runningContainersOf, seed, seededRandom, silentSocket, sleep, startRun, useRepos, waitFor,
} from './support.js';
import { dockerParallel } from './workflows.js';

const count = iterations(2, 10);
const random = seededRandom(seed + 2);

describeWithRequirement('reliability: the Docker daemon is lost mid-run', { available: dockerAvailable, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const repoOf = useRepos();

  it.each(Array.from({ length: count }, (_, i) => [i + 1, i % 2 === 0 ? 'cut' : 'frozen'] as const))(`loss %i: the proxy socket is %s at a random moment → exit within 10 s, DOCKER_UNAVAILABLE (seed ${seed})`, async (_n, how) => {
    const cwd = await repoOf(dockerParallel);
    const proxy = await dockerProxy(runTmpdirOf(cwd));
    const run = startRun(cwd, { DOCKER_HOST: proxy.host });
    try {
      await firstJobContainer(run);
      await sleep(random() * 2000);
      if (how === 'cut') proxy.cut();
      else proxy.freeze();
      const cutAt = Date.now();
      const result = await run.done;
      const tookMs = (run.exitedAt() ?? Date.now()) - cutAt;
      console.log(`${how}: exit ${tookMs} ms after the daemon went away`);
      expect(tookMs).toBeLessThanOrEqual(10_000);
      expect(receiptOf(result).json).toMatchObject({ status: 'failure', exit_code: 1 });
      expect(result.stderr).toContain('DOCKER_UNAVAILABLE');
      expect(result.stderr).toContain(proxy.host);
      expect(result.stderr).not.toMatch(/POSIX shell|exec format/);
      // The job containers lose Loom's connection too (a frozen proxy holds it until it closes): they stop by themselves.
      proxy.close();
      await waitFor(() => runningContainersOf(run.pid).length === 0, 5000, 'the job containers to stop');
    } finally {
      proxy.close();
      run.signal('SIGKILL');
      removeDockerObjectsOf(run.pid);
    }
  }, 60_000);

  it('a socket that accepts and never answers: exit within 10 s with DOCKER_UNAVAILABLE naming it; SIGTERM cuts the wait short', async () => {
    const cwd = await repoOf(dockerParallel);
    const silent = await silentSocket(runTmpdirOf(cwd));
    try {
      const startedAt = Date.now();
      const run = startRun(cwd, { DOCKER_HOST: silent.host });
      const result = await run.done;
      const tookMs = (run.exitedAt() ?? Date.now()) - startedAt;
      console.log(`silent daemon: exit after ${tookMs} ms`);
      expect(tookMs).toBeLessThanOrEqual(10_000);
      expect(receiptOf(result).json).toMatchObject({ status: 'failure', exit_code: 1 });
      expect(result.stderr).toContain('DOCKER_UNAVAILABLE');
      expect(result.stderr).toContain(silent.host);
      expect(dockerObjectsOf(run.pid)).toEqual([]);

      const second = startRun(cwd, { DOCKER_HOST: silent.host });
      await sleep(1500);
      const sentAt = second.signal('SIGTERM');
      const interrupted = await second.done;
      const cutShortMs = (second.exitedAt() ?? Date.now()) - sentAt;
      console.log(`silent daemon: exit ${cutShortMs} ms after SIGTERM`);
      expect(cutShortMs).toBeLessThanOrEqual(2000);
      expect(receiptOf(interrupted).json).toMatchObject({ exit_code: 143 });
    } finally {
      silent.close();
    }
  }, 60_000);
}, { tags: ['docker', 'slow'] });
