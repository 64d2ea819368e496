import { expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import { dockerRequirement, images, jobRequest, step, testProvider } from './support.js';

/** The provider's `digestPaths` (optional on the port, always there on this provider). */
const digestOf = (provider: ReturnType<typeof testProvider>, prepared: Parameters<NonNullable<ReturnType<typeof testProvider>['digestPaths']>>[0], paths: string[]) => provider.digestPaths!(prepared, paths);

describeWithRequirement('docker provider: digestPaths (the cache\'s unchanged check in the container)', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-digest-');

  for (const image of [images.busybox, images.debian]) {
    it(`${image}: equal content, equal digest; any change of bytes, mode, link target or names shows`, async () => {
      const provider = testProvider();
      const workspace = tempDir();
      writeTree(workspace, { 'vendor/a/x.txt': 'one\n', 'vendor/b/y.txt': 'two\n' });
      const request = jobRequest(workspace, { image: { name: image } });
      const prepared = await provider.prepare(request, () => undefined);
      try {
        const digest = async () => (await digestOf(provider, prepared, ['vendor', 'absent']))?.digest;
        const run = async (command: string) => expect((await step(provider, prepared, command)).result.exitCode).toBe(0);
        await run('ln -s x.txt vendor/a/link');
        const first = await digestOf(provider, prepared, ['vendor', 'absent']);
        expect(first).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{64}$/), missing: ['absent'] });
        expect(await digest()).toBe(first!.digest);
        const seen = new Set([first!.digest]);
        for (const change of [
          'echo onf > vendor/a/x.txt', // same size, other bytes
          'chmod 600 vendor/a/x.txt',
          'ln -sfn y.txt vendor/a/link', // a link target of the same length
          'mv vendor/b/y.txt vendor/b/z.txt',
          'mkdir vendor/c',
          'touch absent',
        ]) {
          await run(change);
          const now = await digest();
          expect(now, change).toMatch(/^[0-9a-f]{64}$/);
          expect(seen.has(now!), change).toBe(false);
          seen.add(now!);
        }
        // Timestamps do not count.
        const before = await digest();
        await run('touch -d "2001-01-01 00:00:00" vendor/a/x.txt vendor/c');
        expect(await digest()).toBe(before);
        // No path at all: `none`; a name the listing cannot tell apart: cannot compute.
        expect(await digestOf(provider, prepared, ['nothing-here'])).toEqual({ digest: 'none', missing: ['nothing-here'] });
        await run("touch 'vendor/two\nlines'");
        expect(await digestOf(provider, prepared, ['vendor'])).toBeUndefined();
      } finally {
        await provider.cleanup({ request, prepared }, () => undefined);
      }
    }, 60_000);
  }

  it('is not offered through exec steps (no step server to ask)', async () => {
    const provider = testProvider({ stepTransport: 'exec' });
    const request = jobRequest(tempDir());
    const prepared = await provider.prepare(request, () => undefined);
    try {
      expect(await digestOf(provider, prepared, ['.'])).toBeUndefined();
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
    }
  });
}, { tags: ['docker'] });
