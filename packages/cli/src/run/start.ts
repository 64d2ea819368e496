/**
 * The light front of `loom run`: repository, ids and flags, then the isolated workspace is set going before
 * the heavy part (`run-local.ts`) is even loaded — start-up time is what a small pipeline mostly costs.
 */
import { loadRuntimeConfig } from '@loom/config';
import { isLoomError } from '@loom/errors';
import { loomVersion } from '../version.js';
import { runIds, systemClock } from './clock.js';
import { type RunFlags, parseRunFlags } from './flags.js';
import { locateWorkflow } from './locate.js';
import type { LocalRun } from './record.js';
import { takeEarlyBoot } from './early-handoff.js';
import { planEarly } from './preboot.js';
import { installSignalHandlers } from './signals.js';
import { startRetention } from './retention.js';
import { startWorkspace } from './workspace.js';

export async function startRun(argv: string[], options: Record<string, unknown>): Promise<number> {
  const clock = systemClock();
  const startedAt = clock.now();
  const { repoRoot, workflowPath } = locateWorkflow(argv, options);
  const early = takeEarlyBoot();
  const ctx: LocalRun = { ...(early?.ids ?? runIds(clock)), argv: ['loom', ...argv], repoRoot, workflowPath, loomVersion: loomVersion(), clock, startedAt };
  let flags: RunFlags;
  try {
    // An invalid runtime config (or LOOM_* overlay) stops the run here, before anything runs.
    flags = parseRunFlags(options, await loadRuntimeConfig({ repoRoot, env: process.env }));
  } catch (error) {
    await early?.preboots.discard();
    if (!isLoomError(error)) throw error;
    const { failEarly } = await import('./run-local.js');
    return failEarly(ctx, error);
  }
  // From here a first Ctrl-C, however early, still ends in a cancelled run with a receipt.
  const guard = installSignalHandlers((line) => void process.stderr.write(`${line}\n`), ctx);
  try {
    if (flags.cacheDiff) return await (await import('./cache-diff.js')).runCacheDiff(ctx, flags, guard.signal);
    // The plan first: the containers it boots take the daemon longer than the snapshot takes git.
    const planned = planEarly(ctx, flags, early);
    await planned.quiet;
    const workspace = await startWorkspace(repoRoot, ctx.runId);
    const { runLoaded } = await import('./run-local.js');
    const code = await runLoaded(ctx, flags, workspace, guard.signal, undefined, planned);
    startRetention(repoRoot, ctx.runId); // if no job got as far as its cleanup (idle-work.ts), it starts now
    return code;
  } finally {
    guard.dispose();
  }
}
