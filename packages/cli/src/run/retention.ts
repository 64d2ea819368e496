/**
 * Retention in every `loom run`: old isolated workspaces and run records are removed in the background while
 * the run goes on (`@loom/retention`'s default rule; the run itself is never touched), once enough have
 * gathered since the last pass to be worth one (`applyRetentionWhenDue`, as `git gc --auto`). It starts once the
 * first job is being cleaned up (idle-work.ts), or as the run ends when no job got that far. Best effort: a
 * failure here never fails the run, and `loom clean` reports what it could not remove.
 */
import { linger } from './lingering.js';

let started = false;

/** Starts retention once per process; later calls do nothing. */
export function startRetention(repoRoot: string, runId: string): void {
  if (started) return;
  started = true;
  linger(import('@loom/retention').then(({ applyRetentionWhenDue }) => applyRetentionWhenDue({ repoRoot, keep: [runId] })));
}
