/**
 * The plan as early as the light front can have it, and the job containers booted from it at once: the
 * workflow is loaded right after the snapshot is set going, and the Docker jobs that start first get their
 * containers booted (`@loom/provider-docker/preboot`) while the rest of the CLI loads — the daemon's ~0.2 s of
 * create and start overlaps the CLI's own start-up instead of following it (issue 15). Only jobs a booted
 * container can serve: an image without `build`, no services, the ephemeral_volume workspace.
 */
import type { Plan } from '@loom/planner';
import { createScheduler } from '@loom/planner';
import type { Preboots } from '@loom/provider-docker/preboot';
import { loadWorkflow } from '../load-workflow.js';
import type { RunFlags } from './flags.js';
import { ownersDir, registerOwner } from './owners.js';
import type { LocalRun } from './record.js';

export interface EarlyPlan {
  /** `loadWorkflow`'s result; rejects as it would (e.g. the file is missing). */
  loaded: ReturnType<typeof loadWorkflow>;
  /** Undefined when nothing was booted. */
  preboots: Promise<Preboots | undefined>;
}

export function planEarly(ctx: LocalRun, flags: RunFlags): EarlyPlan {
  const loaded = loadWorkflow({ workflowPath: ctx.workflowPath, repoRoot: ctx.repoRoot, plan: flags.selection });
  const preboots = loaded.then((result) => (result.ok ? bootFirstJobs(ctx, flags, result.plan) : undefined)).catch(() => undefined);
  return { loaded, preboots };
}

async function bootFirstJobs(ctx: LocalRun, flags: RunFlags, plan: Plan): Promise<Preboots | undefined> {
  if (flags.dockerWorkspaceMode !== 'ephemeral_volume' || process.env['LOOM_NO_PREBOOT']) return undefined;
  const first = createScheduler(plan)
    .next()
    .ready.filter((job) => job.provider === 'docker' && job.job.image?.name && !job.job.image.build && job.job.services.length === 0)
    .slice(0, 2 * flags.concurrency);
  if (first.length === 0) return undefined;
  // Before any container exists: a Loom killed from here on leaves its owner file, so the next run sweeps.
  registerOwner(ownersDir(process.env));
  const { prebootJobContainers } = await import('@loom/provider-docker/preboot');
  return prebootJobContainers(first.map((job) => ({ runId: ctx.runId, jobId: job.id, image: job.job.image!.name })));
}
