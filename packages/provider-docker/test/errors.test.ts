import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import tarStream from 'tar-stream';
import { describeWithRequirement, useTempDirs } from '@loom/test-kit';
import { isLoomError } from '@loom/errors';
import { createDockerProvider } from '../src/index.js';
import { docker, dockerRequirement, jobRequest, objectsOfRun, testLabel, testProvider } from './support.js';

describeWithRequirement('docker provider: clear errors', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-err-');
  const provider = testProvider();
  const foreign = `loom-test/foreign-arch-${randomBytes(4).toString('hex')}:1`;
  afterAll(async () => {
    await docker.getImage(foreign).remove({ force: true }).catch(() => undefined);
  });

  it('a missing image that cannot be pulled: LoomError naming the image, with a hint; nothing left', async () => {
    const request = jobRequest(tempDir(), { image: { name: 'loom-local/no-such-image:404' } });
    const error = await provider.prepare(request, () => undefined).catch((e: unknown) => e);
    expect(isLoomError(error)).toBe(true);
    expect(error).toMatchObject({ code: expect.stringMatching(/^DOCKER_(IMAGE_NOT_FOUND|PULL_FAILED)$/), message: expect.stringContaining('loom-local/no-such-image:404 is not present locally') });
    expect((error as { hint?: string }).hint).toBeTruthy();
    await provider.cleanup({ request }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });

  for (const how of ['option', 'DOCKER_HOST'] as const) {
    it(`an unreachable daemon (${how} unix:///nonexistent.sock): DOCKER_UNAVAILABLE with a hint`, async () => {
      const saved = process.env['DOCKER_HOST'];
      if (how === 'DOCKER_HOST') process.env['DOCKER_HOST'] = 'unix:///nonexistent.sock';
      try {
        const down = createDockerProvider({ labels: testLabel, ...(how === 'option' ? { dockerHost: 'unix:///nonexistent.sock' } : {}) });
        const request = jobRequest(tempDir());
        const error = await down.prepare(request, () => undefined).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'LoomError', code: 'DOCKER_UNAVAILABLE', message: expect.stringContaining('cannot connect to Docker at unix:///nonexistent.sock') });
        expect((error as { hint: string }).hint).toMatch(/docker info/);
        // Cleanup after the failed prepare has nothing to remove: no second, confusing error.
        await expect(down.cleanup({ request }, () => undefined)).resolves.toBeUndefined();
      } finally {
        if (saved === undefined) delete process.env['DOCKER_HOST'];
        else process.env['DOCKER_HOST'] = saved;
      }
    });
  }

  for (const stepTransport of ['attach', 'exec'] as const) it(`an image for another CPU: DOCKER_EXEC_FORMAT naming the platform problem, at prepare (${stepTransport})`, async () => {
    const provider = testProvider({ stepTransport });
    // A /bin/sh that is an aarch64 ELF header: the kernel refuses it with ENOEXEC, like a real arm64 image.
    const elf = Buffer.alloc(64);
    elf.write('\x7fELF', 0, 'latin1');
    elf.writeUInt8(2, 4); elf.writeUInt8(1, 5); elf.writeUInt8(1, 6);
    elf.writeUInt16LE(2, 16); elf.writeUInt16LE(0xb7, 18); elf.writeUInt32LE(1, 20); elf.writeUInt16LE(64, 52);
    const context = tarStream.pack();
    context.entry({ name: 'Dockerfile' }, 'FROM scratch\nCOPY sh /bin/sh\n');
    context.entry({ name: 'sh', mode: 0o755 }, elf);
    context.finalize();
    if (!(await docker.getImage(foreign).inspect().then(() => true, () => false))) {
      const stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: foreign, rm: true, forcerm: true });
      await new Promise((done, fail) => docker.modem.followProgress(stream, (e: Error | null) => (e ? fail(e) : done(undefined))));
    }
    const request = jobRequest(tempDir(), { image: { name: foreign } });
    // The image claims this machine's architecture, so only its step server's silence tells: its shell dies
    // just after start, before it answers, and prepare says why.
    await expect(provider.prepare(request, () => undefined)).rejects.toMatchObject({ code: 'DOCKER_EXEC_FORMAT', message: expect.stringContaining('another platform') });
    await provider.cleanup({ request }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });
}, { tags: ['docker'] });
