/**
 * The package works alone: pack it and @loom/errors (`pnpm pack`), install both tarballs with npm into a
 * project outside the workspace, and run the README's example there.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmInstall, packPackages, useTempDirs, writeTree } from '@loom/test-kit';

const tempDir = useTempDirs('loom-cache-key-packed-');
const repo = new URL('../../..', import.meta.url).pathname;
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function readmeExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = /```js\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no js example');
  return block[1] as string;
}

describe('the packed tarball', () => {
  it('installs with npm outside the workspace and runs the README example', { tags: ['slow'], timeout: 120_000 }, () => {
    run(join(repo, 'node_modules/.bin/tsc'), ['-b', 'packages/cache-key'], repo);
    const packed = packPackages(['errors', 'cache-key'], tempDir());
    const project = tempDir();
    writeTree(project, {
      'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      'pnpm-lock.yaml': 'lockfileVersion: 9.0\n',
      'apps/api/go.sum': 'example.com/x v1.0.0 h1:abc=\n',
      'key.mjs': readmeExample(),
    });
    npmInstall(project, packed.map((p) => p.tarball));
    const installed = JSON.parse(readFileSync(join(project, 'node_modules/@loom/cache-key/package.json'), 'utf8'));
    expect(installed.dependencies).toEqual({ '@loom/errors': '0.1.0', 'fast-glob': expect.any(String) });
    const output = run('node', ['key.mjs'], project);
    expect(output).toMatch(/^deps-build-[0-9a-f]{64}\n2 files hashed\n$/);
    writeFileSync(join(project, 'apps/api/go.sum'), 'changed\n');
    expect(run('node', ['key.mjs'], project).split('\n')[0]).not.toBe(output.split('\n')[0]);
  });
});
