import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProvider } from '@loom/test-kit';
import { describe, it } from 'vitest';
import { createHostProvider } from '../src/index.js';
import { hostRequest } from './support.js';

/**
 * The behaviour suite once more with busybox as `sh` and its applets as the only tools on PATH: proves the
 * suite's commands are what a busybox image offers (the Docker provider runs the suite in one), and the
 * host provider works with another shell. Skipped where busybox is not installed.
 */
function findBusybox(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const busybox = findBusybox();
if (busybox) {
  describeProvider('host with busybox sh', () => {
    const bin = mkdtempSync(join(tmpdir(), 'loom-busybox-bin-'));
    execFileSync(busybox, ['--install', '-s', bin]);
    return {
      provider: createHostProvider({ baseEnv: { ...process.env, PATH: bin } }),
      makeRequest: ({ workspaceDir, env }) => hostRequest(workspaceDir, env),
      expectedPath: bin,
      teardown: () => rmSync(bin, { recursive: true, force: true }),
    };
  });
} else {
  describe.skip('host with busybox sh: Provider behaviour (busybox is not installed)', () => {
    it('runs the suite with busybox applets only', () => {});
  });
}
