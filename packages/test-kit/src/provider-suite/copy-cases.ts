import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeTree } from '../tree.js';
import type { Harness } from './harness.js';

/** copyIn / copyOut: files, directories, symlinks as symlinks, executable bits, missing paths reported. */
export function registerCopyCases(h: Harness): void {
  it('copies files, directories and symlinks in and out, and reports missing paths', async () => {
    const source = h.tempDir();
    writeTree(source, {
      'a.txt': 'A\n',
      'dir/b.txt': 'B\n',
      'dir/deeper/c.txt': 'C\n',
      'dir/link': { symlink: 'b.txt' },
      'tool.sh': { content: '#!/bin/sh\necho tool ran\n', mode: 0o755 },
    });
    const out = h.tempDir();
    await h.withJob({ 'dir/already.txt': 'kept\n' }, async (job) => {
      const { provider } = h.subject();
      const copiedIn = await provider.copyIn(job.prepared, ['a.txt', 'dir', 'tool.sh', 'not-there'], source);
      expect(copiedIn).toEqual({ copied: ['a.txt', 'dir', 'tool.sh'], missing: ['not-there'] });

      const check = await job.run('cat a.txt dir/b.txt dir/deeper/c.txt dir/already.txt; readlink dir/link; ./tool.sh');
      expect(check.stdout).toEqual(['A', 'B', 'C', 'kept', 'b.txt', 'tool ran']);

      await job.run('echo changed > a.txt; mkdir -p made/sub; echo new > made/sub/n.txt; ln -s ../a.txt made/to-a');
      const copiedOut = await provider.copyOut(job.prepared, ['a.txt', 'made', 'dir/link', 'gone/x'], out);
      expect(copiedOut).toEqual({ copied: ['a.txt', 'made', 'dir/link'], missing: ['gone/x'] });
    });
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('changed\n');
    expect(readFileSync(join(out, 'made/sub/n.txt'), 'utf8')).toBe('new\n');
    expect(lstatSync(join(out, 'made/to-a')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(out, 'made/to-a'))).toBe('../a.txt');
    expect(readlinkSync(join(out, 'dir/link'))).toBe('b.txt');
  });
}
