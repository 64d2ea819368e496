import { expect, it } from 'vitest';
import type { Harness } from './harness.js';

/** Exit codes, the working directory, and what one step leaves for the next. */
export function registerStepCases(h: Harness): void {
  it('reports exit code 0 for a step that succeeds', async () => {
    await h.withJob({}, async (job) => {
      expect((await job.run('true')).result).toEqual({ exitCode: 0 });
    });
  });

  it('reports a step\'s exact exit code (3)', async () => {
    await h.withJob({}, async (job) => {
      expect((await job.run('echo before; exit 3; echo after')).result.exitCode).toBe(3);
    });
  });

  it('reports 127 for a command that does not exist, with the shell\'s message on stderr', async () => {
    await h.withJob({}, async (job) => {
      const run = await job.run('loom-suite-no-such-command --flag');
      expect(run.result.exitCode).toBe(127);
      expect(run.stderr.join('\n')).toContain('loom-suite-no-such-command');
    });
  });

  it('runs steps in the workspace root, where the workspace\'s files are', async () => {
    const files = { 'hello.txt': 'hello from the workspace\n', 'sub/nested.txt': 'nested\n', 'run.sh': { content: '#!/bin/sh\necho script ran\n', mode: 0o755 } };
    await h.withJob(files, async (job) => {
      const run = await job.run('pwd; cat hello.txt sub/nested.txt; ./run.sh');
      expect(run.result.exitCode).toBe(0);
      expect(run.stdout).toEqual([job.prepared.workdir, 'hello from the workspace', 'nested', 'script ran']);
    });
  });

  it('runs each step in its own shell: files persist, directory changes and exports do not', async () => {
    await h.withJob({ 'sub/.keep': '' }, async (job) => {
      await job.run('echo written > made-by-step-1.txt; cd sub; export LOOM_SUITE_EXPORTED=1');
      const run = await job.run('cat made-by-step-1.txt; pwd; echo "${LOOM_SUITE_EXPORTED:-unset}"');
      expect(run.stdout).toEqual(['written', job.prepared.workdir, 'unset']);
    });
  });
}
