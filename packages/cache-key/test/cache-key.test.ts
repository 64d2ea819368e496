import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { cacheKey, combineDigests, expandKeyTemplate, hashFiles, listFiles, patternProblem } from '@loom/cache-key';

const tempDir = useTempDirs('loom-cache-key-');
const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

describe('cacheKey', () => {
  it('hashes the matched files as <relpath>\\0<sha256>\\n in POSIX byte order, behind the prefix', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'go.work': 'go 1.22\n', 'apps/b/go.sum': 'b\n', 'apps/a/go.sum': 'a\n', 'apps/Z/go.sum': 'Z\n', 'libs/x/go.mod': 'no' });
    const result = await cacheKey({ cwd, prefix: 'loom-cache', files: ['go.work', 'apps/**/go.sum', 'libs/**/go.sum'] });
    expect(result.files.map((f) => f.path)).toEqual(['apps/Z/go.sum', 'apps/a/go.sum', 'apps/b/go.sum', 'go.work']);
    const expected = sha(['apps/Z/go.sum', 'apps/a/go.sum', 'apps/b/go.sum', 'go.work'].map((p, i) => `${p}\0${sha(['Z\n', 'a\n', 'b\n', 'go 1.22\n'][i] as string)}\n`).join(''));
    expect(result.key).toBe(`loom-cache-${expected}`);
    expect(result.files[3]).toEqual({ path: 'go.work', sha256: sha('go 1.22\n'), size: 8 });
    expect(result.warnings).toEqual([]);
  });

  it('is stable, changes with content and with names, and de-duplicates overlapping globs', async () => {
    const cwd = tempDir();
    writeTree(cwd, { 'pnpm-lock.yaml': 'lock: 1\n', '.hidden/x.lock': 'h' });
    const first = await cacheKey({ cwd, files: ['pnpm-lock.yaml', '**/*.yaml', '**/*.lock'] });
    expect(first.files.map((f) => f.path)).toEqual(['.hidden/x.lock', 'pnpm-lock.yaml']);
    expect((await cacheKey({ cwd, files: ['**/*.lock', 'pnpm-lock.yaml'] })).key).toBe(first.key);
    writeFileSync(join(cwd, 'pnpm-lock.yaml'), 'lock: 2\n');
    const changed = await cacheKey({ cwd, files: ['pnpm-lock.yaml', '**/*.lock'] });
    expect(changed.key).not.toBe(first.key);
    writeTree(cwd, { 'renamed.yaml': 'lock: 2\n' });
    expect((await cacheKey({ cwd, files: ['renamed.yaml', '**/*.lock'] })).key).not.toBe(changed.key);
  });

  it('gives the stable empty-set key and a warning when nothing matches', async () => {
    const cwd = tempDir();
    const result = await cacheKey({ cwd, prefix: 'p', files: ['nothing/**'] });
    expect(result.key).toBe(`p-${sha('')}`);
    expect(result.key).toBe(`p-${combineDigests([])}`);
    expect(result.warnings).toEqual([{ code: 'CACHE_KEY_NO_FILES', message: expect.stringContaining('"nothing/**"') }]);
  });

  it('expands templates and prefixes from vars; a prefix alone is the key', async () => {
    const cwd = tempDir();
    const vars = { job_name: 'build', head_sha: 'abc', CI_COMMIT_REF_SLUG: 'main' };
    expect((await cacheKey({ cwd, template: '$job_name-${CI_COMMIT_REF_SLUG}-$head_sha-$unset' , vars })).key).toBe('build-main-abc-');
    expect((await cacheKey({ cwd, prefix: 'deps-$job_name', vars })).key).toBe('deps-build');
    expect(expandKeyTemplate('a$$b', {})).toBe('a$b');
    await expect(cacheKey({ cwd, template: '$unset', vars })).rejects.toMatchObject({ code: 'CACHE_KEY_EMPTY' });
  });

  it('refuses absolute and .. patterns', async () => {
    const cwd = tempDir();
    for (const pattern of ['/etc/passwd', '../x', 'a/../../b', '!../x']) {
      await expect(cacheKey({ cwd, files: [pattern] })).rejects.toMatchObject({ code: 'CACHE_KEY_BAD_PATTERN' });
    }
    expect(patternProblem('a/b/**')).toBeUndefined();
    expect(patternProblem('')).toBe('is empty');
  });

  it('hashes a symlink to a file inside cwd, refuses one leading out, and does not enter symlinked directories', async () => {
    const outside = tempDir();
    writeTree(outside, { 'secret.lock': 's', 'dir/in.lock': 'd' });
    const cwd = tempDir();
    writeTree(cwd, { 'real.lock': 'r', 'link.lock': { symlink: 'real.lock' }, dirlink: { symlink: join(outside, 'dir') } });
    const result = await cacheKey({ cwd, files: ['**/*.lock'] });
    expect(result.files.map((f) => [f.path, f.sha256])).toEqual([['link.lock', sha('r')], ['real.lock', sha('r')]]);
    symlinkSync(join(outside, 'secret.lock'), join(cwd, 'out.lock'));
    await expect(cacheKey({ cwd, files: ['**/*.lock'] })).rejects.toMatchObject({ code: 'CACHE_KEY_SYMLINK_OUTSIDE' });
  });

  it('streams large files and gives the same digests on worker threads as on the calling thread', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'big'));
    const blob = Buffer.alloc(3 << 20, 7);
    for (let i = 0; i < 6; i++) writeFileSync(join(cwd, `big/f${i}`), blob.subarray(i * 1000));
    const listed = listFiles(cwd, ['big/*']);
    const here = await hashFiles(listed, { threads: 1 });
    const parallel = await hashFiles(listed, { threads: 3, parallelFromBytes: 0 });
    expect(parallel).toEqual(here);
    expect(here[0]).toEqual({ sha256: sha(blob), size: 3 << 20 });
  });

  it('names the unreadable file', async () => {
    const cwd = tempDir();
    await expect(hashFiles([{ path: 'gone', full: join(cwd, 'gone'), size: 1 }])).rejects.toMatchObject({ code: 'CACHE_KEY_UNREADABLE', message: expect.stringContaining('gone') });
    await expect(hashFiles([1, 2].map((i) => ({ path: `gone${i}`, full: join(cwd, `gone${i}`), size: 1 })), { threads: 2, parallelFromBytes: 0 })).rejects.toMatchObject({ code: 'CACHE_KEY_UNREADABLE' });
  });
});
