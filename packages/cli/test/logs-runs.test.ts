/** `loom logs` and `loom runs` read a run back from its record (issue 16). */
import { describe, expect, it } from 'vitest';
import { explain, receiptPathOf, runLoom, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();

describe('loom logs / loom runs', () => {
  it('prints a job as plain text ($ lines, stderr marked, exit code), every job, one step; runs lists the run', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--variable', 'GREETING=bonjour'], { cwd });
    expect(run.code, explain(run)).toBe(1);
    const runId = receiptPathOf(run).split('/').at(-1)!.replace('.json', '');

    const test = await runLoom(['logs', 'test'], { cwd });
    expect(test).toMatchObject({ code: 0, stderr: '' });
    expect(test.stdout).toBe(
      '$ echo "testing with $GREETING"\ntesting with bonjour\n' +
        '$ test "$GREETING" = hello || { echo "GREETING is $GREETING, not hello" >&2; exit 3; }\n[stderr] GREETING is bonjour, not hello\nexit code 3\n',
    );

    const all = await runLoom(['logs', '--run', runId], { cwd });
    expect(all.stdout).toContain('== build: success (exit 0) ==\n$ echo "build says $GREETING"\nbuild says bonjour\n$ echo "a warning on stderr" >&2\n[stderr] a warning on stderr\n');
    expect(all.stdout).toContain('== lint: success (exit 0) ==\n$ echo lint ok\nlint ok\n');
    expect(all.stdout).toContain('== test: failed (exit 3) ==\n');

    const step = await runLoom(['logs', 'build', '--step', '2', '--last'], { cwd });
    expect(step.stdout).toBe('$ echo "a warning on stderr" >&2\n[stderr] a warning on stderr\n');

    const typo = await runLoom(['logs', 'tset'], { cwd });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('did you mean "test"?');

    const runs = await runLoom(['runs'], { cwd });
    expect(runs.code).toBe(0);
    expect(runs.stdout.split('\n')[0]).toMatch(/^RUN +STARTED +STATUS +DURATION +FAILING JOB$/);
    expect(runs.stdout.split('\n')[1]).toMatch(new RegExp(`^${runId} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +failure +\\S+ +test$`));
  });

  it('says so when there is no run yet', async () => {
    const cwd = await repoOf('daily');
    const logs = await runLoom(['logs'], { cwd });
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain('CLI_NO_RUNS: this repository has no run record yet');
  });
});

describe('loom run --stream', () => {
  it('prints "$ <command>" before each step\'s output, prefixed with the job', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--stream', '--job', 'build'], { cwd });
    expect(run.code, explain(run)).toBe(0);
    expect(run.stderr).toContain('[build] $ echo "build says $GREETING"\n[build] build says hello\n[build] $ echo "a warning on stderr" >&2\n[build] a warning on stderr\n');
  });
});
