/**
 * Retention at the start of every `loom run`: old isolated workspaces and run records are removed in the
 * background while the run goes on (`@loom/retention`'s default rule; the run itself is never touched).
 * Best effort: a failure here never fails the run, and `loom clean` reports what it could not remove.
 */
import { linger } from './lingering.js';

export function startRetention(repoRoot: string, runId: string): void {
  linger(import('@loom/retention').then(({ applyRetention }) => applyRetention({ repoRoot, keep: [runId] })));
}
