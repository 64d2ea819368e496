/** Cleanup never signals a group id the job no longer owns: with pid_max at 32,768 a finished step's group id
 * can be reused by another job's step (seen as `exit 137` of a parallel host job inside a busy container). */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createJobGroups } from '../src/job-groups.js';
import { markedGroups } from '../src/leftovers.js';

describe('job groups', () => {
  it('kills only the groups that still hold one of the job\'s marked processes', async () => {
    const stranger = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pgid = stranger.pid as number;
    try {
      const groups = createJobGroups();
      groups.add('job', pgid); // as if a step's group id had been reused by this stranger
      const owned = markedGroups('no-such-mark');
      expect(owned).toEqual(new Set());
      expect(await groups.killAll('job', 100, owned)).toBe(0);
      expect(stranger.exitCode).toBeNull();
      expect(stranger.signalCode).toBeNull();
    } finally {
      stranger.kill('SIGKILL');
    }
  });
});
