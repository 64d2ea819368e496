/** copyIn/copyOut never read or write outside the workspace through a symlinked directory (issue 17). */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { createHostProvider, HostErrorCode } from '../src/index.js';
import { collectReport, hostRequest } from './support.js';

const tempDir = useTempDirs('loom-provider-host-links-');

describe('copy paths through symlinks', () => {
  it('refuses a path whose parent directory is a symlink out of the workspace, keeps a link that stays inside', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'lib'), 'machine file');
    const workspace = tempDir();
    writeTree(workspace, { 'real/file': 'x' });
    symlinkSync(outside, join(workspace, 'vendor'));
    symlinkSync(join(workspace, 'real'), join(workspace, 'inside'));
    const provider = createHostProvider();
    const job = await provider.prepare(hostRequest(workspace), collectReport().report);
    const store = tempDir();
    await expect(provider.copyOut(job, ['vendor/lib'], store)).rejects.toMatchObject({ code: HostErrorCode.badPath, message: expect.stringContaining('through a symlink') });
    await expect(provider.copyOut(job, ['inside/file'], store)).resolves.toEqual({ copied: ['inside/file'], missing: [] });
    mkdirSync(join(store, 'vendor'), { recursive: true });
    writeFileSync(join(store, 'vendor/lib'), 'from the cache');
    await expect(provider.copyIn(job, ['vendor/lib'], store)).rejects.toMatchObject({ code: HostErrorCode.badPath });
  });
});
