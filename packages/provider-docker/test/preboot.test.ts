import { expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import { createPreboots } from '../src/preboot.js';
import { docker, dockerRequirement, images, jobRequest, objectsOfRun, removeContainer, step, testLabel, testProvider, uniqueRunId } from './support.js';

describeWithRequirement('docker provider: containers booted ahead', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-preboot-');

  it('a job takes the container booted for it: its variables and workspace arrive through the step server', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    preboots.plan([{ jobId: 'job', image: images.busybox }], 2);
    const provider = testProvider({ preboots });
    const workspace = tempDir();
    writeTree(workspace, { 'src/a.txt': 'a\n' });
    const tricky = "it's two\nlines with $HOME and `ticks`";
    const request = { ...jobRequest(workspace), runId, env: { TRICKY: tricky, LOOM_JOB_ID: 'job' } };
    const prepared = await provider.prepare(request, () => undefined);
    try {
      const containers = await docker.listContainers({ filters: { label: [`loom.run_id=${runId}`] } });
      expect(containers.map((c) => c.Id)).toEqual([prepared.containerId]); // the booted one, not a second
      const run = await step(provider, prepared, 'printf "%s" "$TRICKY"; echo; cat src/a.txt; echo "$LOOM_JOB_ID"');
      expect(run.stdout).toBe(`${tricky}\na\njob`);
      // Job variables never reach the container's configuration (docker inspect), only its step server.
      const inspected = await docker.getContainer(prepared.containerId).inspect();
      expect(inspected.Config.Env.join('\n')).not.toContain('TRICKY');
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
      await preboots.discard();
    }
    expect(await objectsOfRun(runId)).toEqual([]);
  });

  it('a job of another image gets its own container; discard removes the rest', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    preboots.plan([{ jobId: 'other-image', image: images.busybox }, { jobId: 'never-run', image: images.busybox }], 2);
    const provider = testProvider({ preboots });
    const request = { ...jobRequest(tempDir(), { image: { name: images.debian } }), runId, jobId: 'other-image' };
    const prepared = await provider.prepare(request, () => undefined);
    try {
      expect((await step(provider, prepared, 'cat /etc/debian_version')).result.exitCode).toBe(0);
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
    }
    await preboots.discard();
    expect(await objectsOfRun(runId)).toEqual([]);
  });

  it('a guess goes to the first job of its image, a wrong guess is removed, and later jobs boot as earlier ones take', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    preboots.guess(images.busybox);
    preboots.guess(images.postgres); // no job of this image: removed when the plan comes
    preboots.plan([{ jobId: 'a', image: images.debian }, { jobId: 'b', image: images.busybox }, { jobId: 'c', image: images.busybox }], 1);
    const b = await preboots.take('b', images.busybox);
    expect(b?.name).toContain('preboot'); // the guessed one, booted before the plan named its job
    const a = await preboots.take('a', images.debian); // booted once b's was taken (one ahead at a time)
    expect(a).toBeDefined();
    const c = await preboots.take('c', images.busybox);
    expect(c).toBeDefined();
    for (const booted of [a, b, c]) booted?.stream.destroy();
    await preboots.discard();
    await Promise.all([a, b, c].map((booted) => removeContainer(booted!.id)));
    expect(await objectsOfRun(runId)).toEqual([]);
  }, 30_000);

  it('startsSent resolves once each start is handed to the daemon, also for a boot that fails', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    await preboots.startsSent(); // nothing booting: at once
    preboots.plan([{ jobId: 'a', image: images.busybox }, { jobId: 'absent', image: 'loom-test/absent:1' }], 2);
    await preboots.startsSent();
    // The start was sent: the container exists already (created before its start was written).
    expect((await objectsOfRun(runId)).filter((o) => o.startsWith('container'))).toHaveLength(1);
    const a = await preboots.take('a', images.busybox);
    expect(a).toBeDefined();
    expect(await preboots.take('absent', 'loom-test/absent:1')).toBeUndefined();
    a?.stream.destroy();
    await preboots.discard();
    await removeContainer(a!.id);
    expect(await objectsOfRun(runId)).toEqual([]);
  }, 30_000);

  it('a forced exit removes what was booted and not taken, by name', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    preboots.plan([{ jobId: 'a', image: images.busybox }, { jobId: 'b', image: images.busybox }], 2);
    for (let i = 0; i < 50 && (await objectsOfRun(runId)).filter((o) => o.startsWith('container')).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await preboots.abandon(2000);
    expect(await objectsOfRun(runId)).toEqual([]);
  }, 30_000);

  it('an image that cannot be created boots nothing, and the job gets the usual clear error', async () => {
    const runId = uniqueRunId();
    const preboots = createPreboots({ runId, labels: testLabel });
    preboots.plan([{ jobId: 'job', image: 'loom-test/absent:1' }], 2);
    expect(await preboots.take('job', 'loom-test/absent:1')).toBeUndefined();
    await preboots.discard();
    expect(await objectsOfRun(runId)).toEqual([]);
  });
}, { tags: ['docker'] });
