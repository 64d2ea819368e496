/**
 * The plan as early as the light front can have it, and job containers booted from it at once
 * (`@loom/provider-docker/preboot`, issue 15): the daemon's ~0.2 s of create and start then overlaps the CLI's
 * own loading instead of following it. Even before the workflow is parsed, one container is booted for the
 * image on the workflow's first `image:` line (a guess: most runs' first job uses it; a wrong guess is
 * removed); once the plan is known, the Docker jobs follow in the order they are likely to start, as many
 * ahead as jobs may be in flight. Only jobs a booted container can serve: an image without `build`, no
 * services, the ephemeral_volume workspace. `LOOM_NO_PREBOOT=1` turns it off.
 */
import type { Plan, PlannedJob } from '@loom/planner';
import type { Preboots } from '@loom/provider-docker/preboot';
import type { loadWorkflow } from '../load-workflow.js';
import type { EarlyBoot } from './early-handoff.js';
import { bootGuess, firstImageOf, startsSentCapMs } from './guess-boot.js';
import type { RunFlags } from './flags.js';
import { atMost } from './lingering.js';
import type { LocalRun } from './record.js';

export interface EarlyPlan {
  /** `loadWorkflow`'s result; rejects as it would (e.g. the file is missing). */
  loaded: ReturnType<typeof loadWorkflow>;
  /** Undefined when nothing is booted. */
  preboots: Promise<Preboots | undefined>;
  /** Resolves once the first boots have handed their starts to the daemon (at most `startsSentCapMs`): the heavy
   * loading waits for it, since every answer awaited while the thread compiles modules waits for the thread. */
  quiet: Promise<void>;
}

/** `early`: what bin.ts booted before the CLI loaded (early-boot.ts), adopted when this run wants it. */
export function planEarly(ctx: LocalRun, flags: RunFlags, early?: EarlyBoot): EarlyPlan {
  const adopt = early && wantsPreboot(flags) && early.workflowPath === ctx.workflowPath ? early.preboots : undefined;
  if (early && !adopt) void early.preboots.discard();
  const preboots = adopt ? Promise.resolve((live = adopt)) : wantsPreboot(flags) ? startPreboots(ctx) : Promise.resolve(undefined);
  const quiet = preboots.then((booting) => booting && atMost(booting.startsSent(), startsSentCapMs)).then(() => undefined, () => undefined);
  const loaded = quiet.then(() => import('../load-workflow.js')).then((m) => m.loadWorkflow({ workflowPath: ctx.workflowPath, repoRoot: ctx.repoRoot, plan: flags.selection }));
  const planned = Promise.all([loaded, preboots]).then(async ([result, booting]) => {
    if (!booting) return undefined;
    const jobs = result.ok ? bootable(await likelyStartOrder(result.plan)) : [];
    if (jobs.length === 0) {
      await booting.discard();
      return undefined;
    }
    // As many ahead as jobs may be in flight (engine: twice the concurrency).
    booting.plan(jobs.map((job) => ({ jobId: job.id, image: job.job.image!.name })), 2 * flags.concurrency);
    return booting;
  });
  return { loaded, preboots: planned.catch(() => undefined), quiet };
}

function wantsPreboot(flags: RunFlags): boolean {
  return flags.dockerWorkspaceMode === 'ephemeral_volume' && !process.env['LOOM_NO_PREBOOT'];
}

/** This process's booted containers, for a forced exit (`abandonPreboots`). */
let live: Preboots | undefined;

async function startPreboots(ctx: LocalRun): Promise<Preboots | undefined> {
  const image = firstImageOf(ctx.workflowPath);
  if (image === undefined) return undefined;
  live = bootGuess(ctx.runId, image, process.env);
  return live;
}

/** A forced exit (second Ctrl-C): the containers booted and not taken go too, within `deadlineMs`. */
export async function abandonPreboots(deadlineMs: number): Promise<void> {
  await live?.abandon(deadlineMs);
}

/** The jobs that start at once first, then the rest in stage order: the order containers are wanted in. */
async function likelyStartOrder(plan: Plan): Promise<PlannedJob[]> {
  const { createScheduler } = await import('@loom/planner');
  const first = createScheduler(plan).next().ready;
  const rest = plan.jobs.filter((job) => !first.includes(job)).sort((a, b) => a.stageIndex - b.stageIndex);
  return [...first, ...rest];
}

function bootable(jobs: PlannedJob[]): PlannedJob[] {
  return jobs.filter((job) => job.provider === 'docker' && job.job.image?.name && !job.job.image.build && job.job.services.length === 0);
}
