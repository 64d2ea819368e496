import { describe, expect, it } from 'vitest';
import { LoomError, formatLoomError, isLoomError } from '../src/index.js';

describe('LoomError', () => {
  it('carries code, hint and location and formats them on one line plus a hint line', () => {
    const error = new LoomError('SNAPSHOT_NOT_A_REPO', 'not a git repository: /tmp/x', {
      hint: 'run loom inside a git checkout',
      location: { file: '/tmp/x/.loom/workflow.yml', line: 3, column: 5 },
    });
    expect(isLoomError(error)).toBe(true);
    expect(formatLoomError(error)).toBe(
      '/tmp/x/.loom/workflow.yml:3:5 SNAPSHOT_NOT_A_REPO: not a git repository: /tmp/x\n  hint: run loom inside a git checkout',
    );
  });

  it('is told apart from a plain Error', () => {
    expect(isLoomError(new Error('x'))).toBe(false);
  });
});
