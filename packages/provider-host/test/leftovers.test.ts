/**
 * What a host step leaves behind (issue 17): a background process holding the step's output does not keep
 * the step waiting beyond the output grace, and at cleanup everything the job started is ended — also what
 * left the step's process group (`setsid`, a double fork) — and named in a warning.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { createHostProvider, sweepOrphanedProcesses } from '../src/index.js';
import { markedProcesses } from '../src/leftovers.js';
import { collectReport, hostRequest, runStep, running } from './support.js';

const tempDir = useTempDirs('loom-provider-host-left-');

async function prepared(options: Parameters<typeof createHostProvider>[0] = {}) {
  const provider = createHostProvider({ killGraceMs: 500, ...options });
  const request = hostRequest(tempDir());
  const { events, report } = collectReport();
  return { provider, request, events, report, job: await provider.prepare(request, report) };
}

const pidIn = (dir: string, file: string): number => Number(readFileSync(join(dir, file), 'utf8'));

describe('leftovers of a host step', () => {
  it('`sleep 300 &` holding the output: the step ends within the output grace, its output before the exit kept', async () => {
    const { provider, request, job, events, report } = await prepared({ outputGraceMs: 300 });
    const started = Date.now();
    const run = await runStep(provider, job, 'sleep 300 & echo $! > bg.pid; echo before-exit');
    const took = Date.now() - started;
    expect(run.result).toEqual({ exitCode: 0 });
    expect(run.stdout).toEqual(['before-exit']);
    expect(took).toBeLessThan(1500);
    const pid = pidIn(job.workdir, 'bg.pid');
    expect(running(pid)).toBe(true);
    await provider.cleanup({ request, prepared: job }, report);
    expect(running(pid)).toBe(false);
    expect(events).toContainEqual(expect.objectContaining({ type: 'warning', section: 'cleanup', code: 'HOST_OUTPUT_HELD' }));
  });

  it('`setsid sleep 302 >/dev/null 2>&1 &` and a double fork leave the process group: cleanup finds them by the job mark, kills them and names them', async () => {
    const { provider, request, job, events, report } = await prepared();
    const run = await runStep(provider, job, 'setsid sleep 302 >/dev/null 2>&1 & echo $! > setsid.pid; sh -c \'(sleep 303 >/dev/null 2>&1 & echo $! > fork.pid) &\'; sleep 0.2');
    expect(run.result).toEqual({ exitCode: 0 });
    const pids = [pidIn(job.workdir, 'setsid.pid'), pidIn(job.workdir, 'fork.pid')];
    expect(pids.map(running)).toEqual([true, true]);
    expect(markedProcesses(job.mark).map((p) => p.pid)).toEqual(expect.arrayContaining(pids));
    await provider.cleanup({ request, prepared: job }, report);
    expect(pids.map(running)).toEqual([false, false]);
    expect(markedProcesses(job.mark)).toEqual([]);
    const warning = events.find((e) => e.type === 'warning' && e.code === 'HOST_LEFTOVER_PROCESSES');
    expect(warning).toMatchObject({ section: 'cleanup', message: expect.stringContaining(`${pids[0]} (sleep)`) });
  });

  it('abandon (Loom exits at once) kills the running step and its escapees without waiting', async () => {
    const { provider, job } = await prepared();
    const step = runStep(provider, job, 'setsid sleep 304 >/dev/null 2>&1 & echo $! > setsid.pid; sleep 305');
    await new Promise((r) => setTimeout(r, 300));
    const escaped = pidIn(job.workdir, 'setsid.pid');
    await provider.abandon?.(500);
    expect((await step).result).toMatchObject({ signal: 'SIGKILL' });
    await new Promise((r) => setTimeout(r, 50));
    expect(running(escaped)).toBe(false);
  });
});

describe('the orphan sweep', () => {
  it('kills what the host jobs of a SIGKILLed Loom left running, never a live job\'s processes', async () => {
    const workspace = tempDir();
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const script = `import { createHostProvider } from ${JSON.stringify(dist)};
const provider = createHostProvider();
const request = { runId: 'r', jobId: 'j', workspace: { hostPath: ${JSON.stringify(workspace)}, mode: 'host' }, env: {}, mounts: [], services: [] };
const job = await provider.prepare(request, () => undefined);
await provider.runStep(job, { index: 1, command: 'setsid sleep 306 >/dev/null 2>&1 & echo $! > orphan.pid; sleep 30', debugTrace: false }, () => undefined, new AbortController().signal);`;
    const loom = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    const live = await prepared();
    const liveStep = runStep(live.provider, live.job, 'sleep 307 & echo $! > live.pid; wait');
    const orphanFile = join(workspace, 'orphan.pid');
    while (!existsSync(orphanFile) || readFileSync(orphanFile, 'utf8') === '' || !existsSync(join(live.job.workdir, 'live.pid'))) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    loom.kill('SIGKILL');
    await new Promise((r) => loom.once('exit', r));
    const orphan = pidIn(workspace, 'orphan.pid');
    expect(running(orphan)).toBe(true);
    const swept = sweepOrphanedProcesses();
    expect(swept.map((p) => p.pid)).toContain(orphan);
    await new Promise((r) => setTimeout(r, 50));
    expect(running(orphan)).toBe(false);
    expect(running(pidIn(live.job.workdir, 'live.pid'))).toBe(true);
    await live.provider.cleanup({ request: live.request, prepared: live.job }, live.report);
    await liveStep;
  }, 20_000);

  it('a mark made in another PID namespace is never judged by this one (a host Loom sees a container Loom\'s jobs)', async () => {
    const own = /\d+/.exec(readlinkSync('/proc/self/ns/pid'))![0];
    const other = own === '1' ? '2' : '1';
    const start = (ns: string) => spawn('sleep', ['30'], { stdio: 'ignore', env: { ...process.env, LOOM_JOB_PROCESS_MARK: `4194000.1.${ns}.abcdef` } });
    const foreign = start(other);
    const orphan = start(own);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const swept = sweepOrphanedProcesses().map((p) => p.pid);
      expect(swept).toContain(orphan.pid);
      expect(swept).not.toContain(foreign.pid);
      expect(foreign.exitCode).toBeNull();
    } finally {
      foreign.kill('SIGKILL');
      orphan.kill('SIGKILL');
    }
  });
});
