import { describe, expect, it } from 'vitest';
import { CLI_VERSION as version, loomSync } from './cli-harness.js';

// Runs the built binary (`pnpm build` first), from a folder that is not the repo.
const loom = (...args: string[]) => loomSync('/', ...args);

describe('loom version', () => {
  it.each([['version'], ['--version'], ['-V']])('`loom %s` prints the bare version on stdout', (arg) => {
    expect(loom(arg)).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints a semver', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
  });
});
