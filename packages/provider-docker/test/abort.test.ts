import { expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { collectReport, docker, dockerRequirement, images, jobRequest, objectsOfRun, step, testProvider as baseProvider } from './support.js';

for (const stepTransport of ['attach', 'exec'] as const) describeWithRequirement(`docker provider: abort and cleanup (${stepTransport} transport)`, dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-abort-');
  const testProvider = (options: Parameters<typeof baseProvider>[0] = {}) => baseProvider({ stepTransport, ...options });

  it('Ctrl-C during a step: the step dies with SIGTERM promptly; cleanup leaves no container, network or volume', async () => {
    const provider = testProvider();
    const request = jobRequest(tempDir(), { services: [{ image: images.busybox, alias: 'side', env: {}, command: ['sleep', '300'] }] });
    const prepared = await provider.prepare(request, () => undefined);
    expect(await objectsOfRun(request.runId)).toHaveLength(4); // job, service, network, workspace volume
    const abort = new AbortController();
    const running = step(provider, prepared, 'echo started; sleep 300 & sleep 300; echo never', abort.signal);
    await new Promise((r) => setTimeout(r, 400));
    const t0 = Date.now();
    abort.abort();
    const run = await running;
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(run.result).toEqual({ exitCode: 143, signal: 'SIGTERM' });
    expect(run.stdout).toBe('started');
    // The background `sleep 300` is part of the tree and died too.
    const ps = await step(provider, prepared, 'ps -o pid,args | grep -c "[s]leep 300" || true');
    expect(ps.stdout).toBe('0');
    await provider.cleanup({ request, prepared }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });

  it('a step that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const provider = testProvider({ killGraceMs: 300 });
    const request = jobRequest(tempDir());
    const prepared = await provider.prepare(request, () => undefined);
    try {
      const abort = new AbortController();
      const running = step(provider, prepared, "trap '' TERM; echo trapped; while :; do sleep 1; done", abort.signal);
      await new Promise((r) => setTimeout(r, 400));
      abort.abort();
      expect((await running).result).toEqual({ exitCode: 137, signal: 'SIGKILL' });
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
    }
  });

  it('an abort before the step starts does not run it', async () => {
    const provider = testProvider();
    const request = jobRequest(tempDir());
    const prepared = await provider.prepare(request, () => undefined);
    try {
      const run = await step(provider, prepared, 'echo ran', AbortSignal.abort());
      expect(run.result.signal).toBe('SIGTERM');
      expect(run.lines).toEqual([]);
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
    }
  });

  it('cleanup during prepare (Ctrl-C while starting) waits for it and removes everything', async () => {
    const provider = testProvider();
    const request = jobRequest(tempDir(), { services: [{ image: images.busybox, alias: 'side', env: {}, command: ['sleep', '300'] }] });
    const preparing = provider.prepare(request, () => undefined).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await provider.cleanup({ request }, () => undefined);
    await preparing;
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });

  it('keepFailed keeps a failed job\'s container and says how to enter it', async () => {
    const provider = testProvider({ keepFailed: true });
    const request = jobRequest(tempDir());
    const prepared = await provider.prepare(request, () => undefined);
    expect((await step(provider, prepared, 'exit 3')).result.exitCode).toBe(3);
    const report = collectReport();
    await provider.cleanup({ request, prepared }, report.report);
    try {
      expect(report.text()).toContain(`docker exec -it ${prepared.containerId.slice(0, 12)} sh`);
      const kept = await docker.getContainer(prepared.containerId).inspect();
      expect(kept.State.Running).toBe(true);
      expect(kept.Name).toMatch(/^\/loom-kept-/);
    } finally {
      await docker.getContainer(prepared.containerId).remove({ force: true, v: true });
    }
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });

  it('keepFailed removes a successful job as usual', async () => {
    const provider = testProvider({ keepFailed: true });
    const request = jobRequest(tempDir());
    const prepared = await provider.prepare(request, () => undefined);
    await step(provider, prepared, 'true');
    await provider.cleanup({ request, prepared }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });
}, { tags: ['docker'] });
