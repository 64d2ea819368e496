/**
 * The light front of `loom run`: repository, ids and flags, then the isolated workspace is set going before
 * the heavy part (`run-local.ts`) is even loaded — start-up time is what a small pipeline mostly costs.
 */
import { dirname, resolve } from 'node:path';
import { loadRuntimeConfig } from '@loom/config';
import { isLoomError } from '@loom/errors';
import { requireRepoRoot } from '../repo-root.js';
import { loomVersion } from '../version.js';
import { runIds, systemClock } from './clock.js';
import { type RunFlags, parseRunFlags, workflowFlag } from './flags.js';
import type { LocalRun } from './record.js';
import { installSignalHandlers } from './signals.js';
import { startRetention } from './retention.js';
import { startWorkspace } from './workspace.js';

const noRepoHint = 'loom run works on a git repository (its isolated workspace is a clone); run it inside one, or git init';

export async function startRun(argv: string[], options: Record<string, unknown>): Promise<number> {
  const clock = systemClock();
  const startedAt = clock.now();
  const workflowPath = resolve(process.cwd(), workflowFlag(options));
  const repoRoot = requireRepoRoot(dirname(workflowPath), noRepoHint);
  const ctx: LocalRun = { ...runIds(clock), argv: ['loom', ...argv], repoRoot, workflowPath, loomVersion: loomVersion(), clock, startedAt };
  let flags: RunFlags;
  try {
    // An invalid runtime config (or LOOM_* overlay) stops the run here, before anything runs.
    flags = parseRunFlags(options, await loadRuntimeConfig({ repoRoot, env: process.env }));
  } catch (error) {
    if (!isLoomError(error)) throw error;
    const { failEarly } = await import('./run-local.js');
    return failEarly(ctx, error);
  }
  // From here a first Ctrl-C, however early, still ends in a cancelled run with a receipt.
  const guard = installSignalHandlers((line) => void process.stderr.write(`${line}\n`), ctx);
  try {
    if (flags.cacheDiff) return await (await import('./cache-diff.js')).runCacheDiff(ctx, flags, guard.signal);
    const workspace = await startWorkspace(repoRoot, ctx.runId);
    startRetention(repoRoot, ctx.runId);
    const { runLoaded } = await import('./run-local.js');
    return await runLoaded(ctx, flags, workspace, guard.signal);
  } finally {
    guard.dispose();
  }
}
