import { expect, it } from 'vitest';
import type { Harness } from './harness.js';

/** The job's variables, PATH after the login profile, and debug tracing. */
export function registerEnvCases(h: Harness): void {
  it('gives a step the request\'s variables, byte for byte', async () => {
    const value = `a  b "double" 'single' $HOME \\back é`;
    await h.withJob({}, async (job) => {
      const run = await job.run('printf "%s\\n" "$LOOM_SUITE_VALUE"');
      expect(run.stdout).toEqual([value]);
    }, { LOOM_SUITE_VALUE: value });
  });

  it('keeps the job\'s PATH after the login profile ran', async () => {
    await h.withJob({}, async (job) => {
      const run = await job.run('printf "%s\\n" "$PATH"');
      expect(run.stdout).toEqual([h.subject().expectedPath]);
    });
  });

  it('keeps a PATH the request sets, over the login profile', async () => {
    const path = `/loom-suite/bin:${h.subject().expectedPath}`;
    await h.withJob({}, async (job) => {
      const run = await job.run('printf "%s\\n" "$PATH"; ls / > /dev/null');
      expect(run.stdout).toEqual([path]);
      expect(run.result.exitCode).toBe(0);
    }, { PATH: path });
  });

  it('traces commands on stderr under debug tracing (sh -x -c)', async () => {
    await h.withJob({}, async (job) => {
      const run = await job.run('echo traced; true', { debugTrace: true });
      expect(run.stdout).toEqual(['traced']);
      expect(run.stderr).toEqual(['+ echo traced', '+ true']);
    });
  });
}
