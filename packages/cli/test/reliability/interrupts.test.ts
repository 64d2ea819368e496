/**
 * Interrupted runs (issue 17): SIGINT, SIGTERM or a double SIGINT at a random moment of a Docker run with
 * three parallel jobs, one with a service, one during an image build, and a host run. Every time: exit
 * within 2 s of the (first) signal (5 s with a service), a valid receipt naming the signal, and nothing
 * left — no container, network or volume of that Loom process, no process carrying the run's marker, no
 * secret file or directory (a Docker and the host workflow hold a `file: true` secret).
 * CI form: 6 runs (one per scenario and signal below); `pnpm reliability`: 50.
 */
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import {
  dockerAvailable, dockerObjectsOf, iterations, processesWith, receiptOf, removeDockerObjectsOf, secretFilesOf, seed, seededRandom, sleep, startRun, useRepos, waitFor,
} from './support.js';
import { dockerBuild, dockerParallel, dockerService, hostBackground } from './workflows.js';

type Interrupt = 'SIGINT' | 'SIGTERM' | 'double SIGINT';
const scenarios = [
  { name: 'docker, 3 parallel jobs', files: dockerParallel, limitMs: 2000 },
  { name: 'docker with a service', files: dockerService, limitMs: 5000 },
  { name: 'docker during an image build', files: dockerBuild(), limitMs: 2000 },
  { name: 'host', files: hostBackground, limitMs: 2000 },
] as const;
const interrupts: Interrupt[] = ['SIGINT', 'SIGTERM', 'double SIGINT'];

/** The CI form's six runs cover every scenario and every kind of interrupt; the long form cycles on. */
const ciPlan: [number, Interrupt][] = [[0, 'SIGINT'], [0, 'double SIGINT'], [1, 'SIGTERM'], [2, 'SIGINT'], [3, 'double SIGINT'], [3, 'SIGTERM']];
const count = iterations(ciPlan.length, 50);
const plan = Array.from({ length: count }, (_, i): [number, Interrupt] => ciPlan[i] ?? [i % scenarios.length, interrupts[Math.floor(i / scenarios.length) % 3]!]);
const random = seededRandom(seed);
const figures: number[] = [];

describeWithRequirement('reliability: interrupted runs end at once and leave nothing', { available: dockerAvailable, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  const repoOf = useRepos();

  it.each(plan.map(([s, sig], i) => [i + 1, scenarios[s]!.name, sig, s] as const))(`run %i: %s, %s at a random moment (seed ${seed})`, async (_n, _name, interrupt, s) => {
    const scenario = scenarios[s]!;
    const cwd = await repoOf(s === 2 ? dockerBuild() : scenario.files);
    const run = startRun(cwd);
    try {
      await sleep(400 + random() * 2600);
      const sig = interrupt === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
      const sentAt = run.signal(sig);
      if (interrupt === 'double SIGINT') {
        await sleep(50 + random() * 400);
        if (run.exitedAt() === undefined) run.signal('SIGINT');
      }
      const result = await run.done;
      const tookMs = (run.exitedAt() ?? Date.now()) - sentAt;
      figures.push(tookMs);
      const receipt = receiptOf(result);
      expect(receipt.json, result.stderr).toMatchObject({ kind: 'loom-run-local', status: 'failure', exit_code: sig === 'SIGINT' ? 130 : 143 });
      expect(result.code, `${result.signal ?? ''} ${result.stderr}`).toBe(sig === 'SIGINT' ? 130 : 143);
      expect(tookMs, `exit ${tookMs} ms after ${interrupt}`).toBeLessThanOrEqual(scenario.limitMs);
      // A double interrupt leaves the removal to the containers themselves (AutoRemove): allow a moment.
      await waitFor(() => dockerObjectsOf(run.pid).length === 0, 3000, 'the run\'s Docker objects to go').catch(() => undefined);
      expect(dockerObjectsOf(run.pid), result.stderr).toEqual([]);
      expect(processesWith(run.marker)).toEqual([]);
      expect(secretFilesOf(cwd), 'secret files or directories left').toEqual([]);
    } finally {
      run.signal('SIGKILL');
      removeDockerObjectsOf(run.pid);
    }
  }, 60_000);

  it('figures', () => {
    if (figures.length === 0) return;
    const sorted = [...figures].sort((a, b) => a - b);
    console.log(`interrupted runs: ${figures.length}, exit after the signal: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`);
  });
}, { tags: ['docker', 'slow'] });
