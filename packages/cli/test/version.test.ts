import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Runs the built binary (`pnpm exec tsc -b packages/cli` first), from a folder that is not the repo.
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function loom(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: '/', encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('loom version', () => {
  it.each([['version'], ['--version'], ['-V']])('`loom %s` prints the bare version on stdout', (arg) => {
    expect(loom(arg)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints a semver', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });
});
