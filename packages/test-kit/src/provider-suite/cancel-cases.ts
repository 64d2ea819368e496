import { expect, it } from 'vitest';
import type { Harness, SuiteJob } from './harness.js';
import type { ResolvedSuiteOptions } from './options.js';

/** Writes the shell's and a background child's PIDs into the workspace, says "ready", and waits. */
const startTree = 'sleep 100 & echo $! > bg.pid; echo $$ > sh.pid; echo ready; wait';

/** Prints "running <file> <pid>" for each PID file whose process still runs. Works wherever the step's
 * processes are visible to the next step (the host, the job's container); zombies count as gone. */
const listRunning =
  'for f in sh.pid bg.pid; do p=$(cat "$f"); if kill -0 "$p" 2>/dev/null && ! grep -q zombie "/proc/$p/status" 2>/dev/null; then echo "running $f $p"; fi; done';

/** Runs `command`, aborts once it printed "ready", and measures how long the step took to resolve. */
async function abortWhenReady(job: SuiteJob, command: string): Promise<{ exitCode: number; signal?: string | undefined; afterAbortMs: number }> {
  const controller = new AbortController();
  let abortedAt = 0;
  const run = await job.run(command, {
    signal: controller.signal,
    onOutput: (line) => {
      if (line.bytes.toString() === 'ready' && !controller.signal.aborted) {
        abortedAt = Date.now();
        controller.abort();
      }
    },
  });
  expect(abortedAt, 'the step never printed "ready"').toBeGreaterThan(0);
  return { ...run.result, afterAbortMs: Date.now() - abortedAt };
}

export function registerCancelCases(h: Harness, options: ResolvedSuiteOptions): void {
  const timeout = options.slowTimeoutMs;

  it('cancels a step with a background grandchild: it resolves promptly and nothing of it keeps running', { timeout }, async () => {
    await h.withJob({}, async (job) => {
      const ended = await abortWhenReady(job, startTree);
      expect(ended.afterAbortMs).toBeLessThan(options.cancelWithinMs);
      expect([128 + 15, 128 + 9]).toContain(ended.exitCode);
      expect(ended.signal).toBe(ended.exitCode === 143 ? 'SIGTERM' : 'SIGKILL');
      expect((await job.run(listRunning)).stdout).toEqual([]);
    });
  });

  it('cancels a step that ignores SIGTERM with SIGKILL, leaving nothing running', { timeout }, async () => {
    await h.withJob({}, async (job) => {
      const ended = await abortWhenReady(job, `trap '' TERM; ${startTree}`);
      expect(ended.afterAbortMs).toBeLessThan(options.cancelWithinMs);
      expect(ended).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
      expect((await job.run(listRunning)).stdout).toEqual([]);
    });
  });

  it('runs nothing when the signal is already aborted', async () => {
    await h.withJob({}, async (job) => {
      const controller = new AbortController();
      controller.abort();
      const run = await job.run('echo ran > ran.txt; echo ran', { signal: controller.signal });
      expect(run.result.exitCode).toBeGreaterThan(128);
      expect(run.stdout).toEqual([]);
      expect((await job.run('test -e ran.txt')).result.exitCode).toBe(1);
    });
  });
}
