import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoomError } from '@loom/errors';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { createHostProvider, HostErrorCode } from '../src/index.js';
import { collectReport, hostRequest, runStep, running } from './support.js';

const tempDir = useTempDirs('loom-provider-host-');

async function prepared(env: Record<string, string> = {}, options: Parameters<typeof createHostProvider>[0] = {}) {
  const provider = createHostProvider(options);
  const request = hostRequest(tempDir(), env);
  const { events, report } = collectReport();
  return { provider, request, events, report, job: await provider.prepare(request, report) };
}

describe('the job environment', () => {
  it('inherits the whole caller environment, with the request\'s variables winning', async () => {
    const baseEnv = { HOME: '/home/someone', LOOM_HOST_INHERITED: 'from caller', LOOM_HOST_BOTH: 'caller', PATH: process.env['PATH'] };
    const { provider, job } = await prepared({ LOOM_HOST_BOTH: 'loom', LOOM_HOST_OWN: 'own' }, { baseEnv });
    const run = await runStep(provider, job, 'echo "$LOOM_HOST_INHERITED|$LOOM_HOST_BOTH|$LOOM_HOST_OWN"');
    expect(run.stdout).toEqual(['from caller|loom|own']);
  });

  it('reads process.env when the job is prepared (the default)', async () => {
    process.env['LOOM_HOST_TEST_LIVE'] = 'set before prepare';
    try {
      const { provider, job } = await prepared();
      expect((await runStep(provider, job, 'echo "$LOOM_HOST_TEST_LIVE"')).stdout).toEqual(['set before prepare']);
    } finally {
      delete process.env['LOOM_HOST_TEST_LIVE'];
    }
  });

  it('runs `sh -x -c` under LOOM_DEBUG_TRACE: `+ ` trace lines on stderr, the profile skipped', async () => {
    const { provider, job } = await prepared();
    const run = await runStep(provider, job, 'x=1; [ "$x" = 1 ] && echo "yes $x"', { debugTrace: true });
    expect(run.stdout).toEqual(['yes 1']);
    expect(run.stderr).toEqual(['+ x=1', '+ [ 1 = 1 ]', '+ echo yes 1']);
  });
});

describe('processes', () => {
  it('reports a step killed by a signal (not an abort) as 128+n with the signal', async () => {
    const { provider, job } = await prepared();
    expect((await runStep(provider, job, 'kill -KILL $$')).result).toEqual({ exitCode: 137, signal: 'SIGKILL' });
  });

  it('waits the default 2 s grace before SIGKILL', async () => {
    const { provider, job } = await prepared();
    const controller = new AbortController();
    let abortedAt = 0;
    const run = await runStep(provider, job, "trap '' TERM; echo ready; sleep 30", {
      signal: controller.signal,
      onOutput: () => {
        abortedAt = Date.now();
        controller.abort();
      },
    });
    const took = Date.now() - abortedAt;
    expect(run.result).toEqual({ exitCode: 137, signal: 'SIGKILL' });
    expect(took).toBeGreaterThanOrEqual(1900);
    expect(took).toBeLessThan(4000);
  });

  it('kills at cleanup what a step left running in the background, and says so', async () => {
    const { provider, request, job, events, report } = await prepared({}, { killGraceMs: 500 });
    const run = await runStep(provider, job, 'sleep 100 > /dev/null 2>&1 & echo $! > bg.pid');
    expect(run.result.exitCode).toBe(0);
    const pid = Number(readFileSync(join(job.workdir, 'bg.pid'), 'utf8'));
    expect(running(pid)).toBe(true);
    await provider.cleanup({ request, prepared: job }, report);
    expect(running(pid)).toBe(false);
    expect(events.some((e) => e.type === 'note' && e.section === 'cleanup' && /1 leftover process group/.test(e.message))).toBe(true);
  });

  it('stops the step and rethrows when the output consumer throws', async () => {
    const { provider, job } = await prepared();
    const failing = runStep(provider, job, 'echo first; sleep 30', {
      onOutput: () => {
        throw new Error('sink is full');
      },
    });
    await expect(failing).rejects.toThrow('sink is full');
  });

  it('throws a LoomError when the shell cannot start (workspace removed after prepare)', async () => {
    const { provider, job } = await prepared();
    rmSync(job.workdir, { recursive: true });
    const failure = await runStep(provider, job, 'true').catch((error: unknown) => error);
    expect(isLoomError(failure) && failure.code).toBe(HostErrorCode.spawnFailed);
  });
});

describe('prepare', () => {
  it('refuses a job with an image or services rather than run it without them', async () => {
    const provider = createHostProvider();
    const { report } = collectReport();
    const withImage = { ...hostRequest(tempDir()), image: { name: 'alpine:3.20' } };
    const withService = { ...hostRequest(tempDir()), services: [{ image: 'postgres:16', alias: 'postgres', env: {} }] };
    for (const request of [withImage, withService]) {
      await expect(provider.prepare(request, report)).rejects.toMatchObject({ code: HostErrorCode.unsupported });
    }
  });

  it('names a missing workspace', async () => {
    const provider = createHostProvider();
    const missing = join(tempDir(), 'gone');
    await expect(provider.prepare(hostRequest(missing), collectReport().report)).rejects.toMatchObject({ code: HostErrorCode.workspaceMissing, message: expect.stringContaining(missing) });
  });

  it('gives the workspace path as `workdir`, also for a file path given as a workspace (refused)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const provider = createHostProvider();
    await expect(provider.prepare(hostRequest(join(dir, 'file')), collectReport().report)).rejects.toMatchObject({ code: HostErrorCode.workspaceMissing });
    expect((await provider.prepare(hostRequest(dir), collectReport().report)).workdir).toBe(dir);
  });
});

describe('copyIn / copyOut', () => {
  it('refuses paths outside the workspace', async () => {
    const { provider, job } = await prepared();
    for (const path of ['../escape', '/etc/passwd', 'a/../../b', '.']) {
      await expect(provider.copyOut(job, [path], tempDir())).rejects.toMatchObject({ code: HostErrorCode.badPath });
    }
  });

  it('counts a path copied onto itself as copied', async () => {
    const { provider, job } = await prepared();
    writeTree(job.workdir, { 'same.txt': 'x' });
    expect(await provider.copyIn(job, ['same.txt'], job.workdir)).toEqual({ copied: ['same.txt'], missing: [] });
  });
});
