import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import type { ExecutionRequest } from '@loom/contracts';
import type { DockerPreparedJob } from '../src/index.js';
import { sendFrames } from '../src/upload.js';
import { docker, dockerRequirement, images, jobRequest, step, testProvider } from './support.js';

describe('upload framing', () => {
  it('sends `<count>\\n<bytes>` frames of at most ~4 MiB and a closing `0\\n`, whatever the chunking', async () => {
    const payload = randomBytes(9 * 1024 * 1024 + 7);
    const sink = new PassThrough();
    const received: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => received.push(chunk));
    const pieces = [payload.subarray(0, 1000), payload.subarray(1000, 5_000_000), payload.subarray(5_000_000)];
    await sendFrames(sink, Readable.from(pieces));
    let wire = Buffer.concat(received);
    const frames: Buffer[] = [];
    for (;;) {
      const nl = wire.indexOf(10);
      const count = Number(wire.subarray(0, nl).toString());
      wire = wire.subarray(nl + 1);
      if (count === 0) break;
      frames.push(wire.subarray(0, count));
      wire = wire.subarray(count);
    }
    expect(wire.length).toBe(0);
    expect(Buffer.concat(frames).equals(payload)).toBe(true);
    expect(frames.length).toBeGreaterThan(1);
    expect(Math.max(...frames.map((f) => f.length))).toBeLessThan(2 * 4 * 1024 * 1024);
  });

  it('still closes the frames when the source fails, and rethrows', async () => {
    const sink = new PassThrough();
    const received: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => received.push(chunk));
    const failing = new Readable({ read() { this.destroy(new Error('snapshot unreadable')); } });
    await expect(sendFrames(sink, failing)).rejects.toThrow('snapshot unreadable');
    expect(Buffer.concat(received).toString()).toBe('0\n');
  });
});

describeWithRequirement('docker provider: the workspace goes in through the step server', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-upload-');
  const provider = testProvider();
  const targets: { request: ExecutionRequest; prepared?: DockerPreparedJob }[] = [];
  const nonRoot = `loom-test/non-root-${randomBytes(4).toString('hex')}:1`;
  afterEach(async () => {
    for (const t of targets.splice(0)) await provider.cleanup(t, () => undefined);
  });
  afterAll(async () => {
    await docker.getImage(nonRoot).remove({ force: true }).catch(() => undefined);
  });

  async function prepared(workspace: string, image = images.busybox): Promise<DockerPreparedJob> {
    const request = jobRequest(workspace, { image: { name: image } });
    const target: (typeof targets)[number] = { request };
    targets.push(target);
    target.prepared = await provider.prepare(request, () => undefined);
    return target.prepared;
  }

  for (const image of [images.busybox, images.debian]) {
    it(`a 9 MB workspace arrives byte for byte (several frames), and the steps after it still run (${image})`, async () => {
      const workspace = tempDir();
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < 12; i++) files[`data/f${i}.bin`] = randomBytes(750 * 1024 + i);
      writeTree(workspace, files);
      const job = await prepared(workspace, image);
      const sums = await step(provider, job, 'cd data && sha256sum f*.bin');
      const expected = Object.entries(files).map(([path, bytes]) => `${createHash('sha256').update(bytes).digest('hex')}  ${path.slice('data/'.length)}`);
      expect(sums.stdout.split('\n').sort()).toEqual(expected.sort());
      expect((await step(provider, job, 'echo after')).stdout).toBe('after');
    });
  }

  it('an image that runs as another user gets the same workspace by putArchive, and can enter it', async () => {
    const context = tarStream.pack();
    context.entry({ name: 'Dockerfile' }, `FROM ${images.busybox}\nUSER 65534\n`);
    context.finalize();
    const built = await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: nonRoot, rm: true, forcerm: true });
    await new Promise((done, fail) => docker.modem.followProgress(built, (e: Error | null) => (e ? fail(e) : done(undefined))));
    const workspace = tempDir();
    writeTree(workspace, { 'src/a.txt': 'a\n' }); // a temp dir, 0700 like the snapshot: /workspace is 0755 all the same
    const job = await prepared(workspace, nonRoot);
    expect((await step(provider, job, 'id -u && cat src/a.txt')).stdout).toBe('65534\na');
  });
}, { tags: ['docker'] });
