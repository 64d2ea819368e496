/**
 * One job, phase by phase (runtime-logs.md §5.1): provider prepare (secrets first) → cache restore →
 * execution → artifact extract → cache save → cleanup, which always runs.
 */
import type { Provider } from '@loom/contracts';
import type { PlannedJob } from '@loom/planner';
import { createArtifactsRun, extractArtifacts } from './artifacts-phase.js';
import { type CacheRun, createCacheRun, restoreCachePhase, saveCachePhase } from './cache-phase.js';
import { cleanupPhase } from './cleanup.js';
import type { Emit } from './emit.js';
import { executePhase, skipExecution } from './execute.js';
import { type JobContext, type JobOutcome, type JobState, errorFields } from './job-context.js';
import { predefinedVariables, type RunFacts } from './predefined.js';
import { preparePhase } from './prepare.js';
import { bridgeReport } from './report-bridge.js';
import { buildRequest } from './request.js';
import type { RunPipelineOptions } from './types.js';
import type { StepSlots } from './slots.js';
import { layerVariables } from './variables.js';

export interface JobRunner {
  (planned: PlannedJob, slots: StepSlots): Promise<JobOutcome>;
}

function jobEnv(planned: PlannedJob, facts: RunFacts, hostEnv: Record<string, string | undefined>) {
  return layerVariables({
    predefined: predefinedVariables(planned, facts),
    variables: planned.job.variables,
    // Docker jobs never see the host environment (§8.4), so their values cannot reference it either.
    inherited: planned.provider === 'host' ? hostEnv : {},
  });
}

/** Prepare and cleanup run outside the step slot; everything that touches the workspace runs inside it. */
async function phases(ctx: JobContext, state: JobState, cacheRun: CacheRun | undefined, slots: StepSlots): Promise<JobOutcome> {
  let release = (): void => undefined;
  try {
    const prepared = await preparePhase(ctx, state);
    if (prepared === undefined) {
      skipExecution(ctx);
      return { status: 'failed', exitCode: 1 };
    }
    release = await slots.acquire(ctx.signal);
    const cache = await restoreCachePhase(ctx, state, prepared, cacheRun);
    const outcome = await extractArtifacts(ctx, state, prepared, await executePhase(ctx, prepared));
    return await saveCachePhase(ctx, state, cacheRun, cache, outcome);
  } catch (error) {
    // A bug, not a job failure: still end the job cleanly so cleanup runs and the record stays whole.
    ctx.emit({ type: 'error', jobId: ctx.planned.id, ...errorFields(error, 'ENGINE_INTERNAL') });
    return { status: 'failed', exitCode: 1 };
  } finally {
    release();
    await cleanupPhase(ctx, state);
  }
}

export function createJobRunner(options: RunPipelineOptions, emit: Emit, facts: RunFacts, signal: AbortSignal): JobRunner {
  const hostEnv = options.hostEnv ?? process.env;
  const cacheRun = createCacheRun(options.cache, facts);
  const artifacts = createArtifactsRun(options.logsDir);
  return async (planned, slots) => {
    const jobId = planned.id;
    const image = planned.provider === 'docker' ? planned.job.image?.name : undefined;
    emit({ type: 'job_started', jobId, stage: planned.stage, provider: planned.provider, ...(image ? { image } : {}), steps: [...planned.job.script] });
    const ctx: JobContext = {
      emit,
      planned,
      provider: options.providers[planned.provider] as Provider | undefined,
      signal,
      debugTrace: options.debugTrace ?? false,
      secrets: options.secrets,
      maskSecret: options.maskSecret,
      bridge: bridgeReport(emit, jobId),
      artifacts,
    };
    const state: JobState = {
      request: buildRequest({
        runId: facts.runId,
        planned,
        snapshotPath: facts.snapshotPath,
        env: jobEnv(planned, facts, hostEnv),
        dockerWorkspaceMode: options.dockerWorkspaceMode ?? 'ephemeral_volume',
      }),
    };
    const outcome = await phases(ctx, state, cacheRun, slots);
    emit({ type: 'job_finished', jobId, ...outcome });
    return outcome;
  };
}
