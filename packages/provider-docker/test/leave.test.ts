import { expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import { collectReport, docker, dockerRequirement, jobRequest, objectsOfRun, testProvider } from './support.js';

/** Running, gone, or on its way out (`removing`). */
async function stateOf(id: string): Promise<string> {
  const info = await docker.getContainer(id).inspect().catch(() => undefined);
  return info?.State.Status ?? 'gone';
}

describeWithRequirement('docker provider: a job container leaves on its own (cleanup)', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-leave-');

  async function prepared(provider: ReturnType<typeof testProvider>) {
    const workspace = tempDir();
    writeTree(workspace, { 'a.txt': 'a\n' });
    const request = jobRequest(workspace);
    return { request, prepared: await provider.prepare(request, () => undefined) };
  }

  it('with backgroundRemoval, cleanup returns once its processes are gone and settled() once Docker removed it', async () => {
    const provider = testProvider({ backgroundRemoval: true });
    const { request, prepared: job } = await prepared(provider);
    // A process left behind by a step does not keep the container up.
    expect((await provider.runStep(job, { index: 1, command: 'sleep 300 >/dev/null 2>&1 &', debugTrace: false }, () => undefined, new AbortController().signal)).exitCode).toBe(0);
    const report = collectReport();
    await provider.cleanup({ request, prepared: job }, report.report);
    expect(['removing', 'exited', 'dead', 'gone']).toContain(await stateOf(job.containerId));
    expect(report.text()).toMatch(/removed container [0-9a-f]{12} \(stopped; Docker finishes removing it and its volumes\)/);
    expect(await provider.settled!()).toEqual([]);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });

  it('by default, cleanup returns once the container and its volume are gone', async () => {
    const provider = testProvider();
    const { request, prepared: job } = await prepared(provider);
    await provider.cleanup({ request, prepared: job }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
    expect(await provider.settled!()).toEqual([]);
  });

  it('a cleanup while a step still runs removes the container by force (the server is not told to quit mid-step)', async () => {
    const provider = testProvider({ backgroundRemoval: true });
    const { request, prepared: job } = await prepared(provider);
    const running = provider.runStep(job, { index: 1, command: 'sleep 300', debugTrace: false }, () => undefined, new AbortController().signal).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const report = collectReport();
    await provider.cleanup({ request, prepared: job }, report.report);
    expect(report.text()).toMatch(/removed containers [0-9a-f]{12}/);
    expect(await objectsOfRun(request.runId)).toEqual([]);
    await running; // ended with the container, one way or the other
  });
}, { tags: ['docker'] });
