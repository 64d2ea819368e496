/**
 * `runPipeline`: one run, end to end (runtime-logs.md §5.1) — `run_started` → the isolated workspace
 * (`snapshot_ready`) → `pipeline_started` with the whole roster → jobs → `pipeline_finished` →
 * `run_finished`. Every outcome ends with `run_finished`; the sink's owner closes it afterwards.
 */
import { availableParallelism } from 'node:os';
import type { Plan } from '@loom/planner';
import { cancelReasonOf, neverAborted } from './cancellation.js';
import { type Emit, createEmit } from './emit.js';
import { errorFields } from './job-context.js';
import { currentBranch } from './git-branch.js';
import type { RunFacts } from './predefined.js';
import { createJobRunner } from './run-job.js';
import { runSchedule } from './schedule.js';
import { createWorkspace } from './snapshot.js';
import type { RunPipelineOptions, RunResult, SnapshotInfo } from './types.js';

async function makeWorkspace(options: RunPipelineOptions, emit: Emit): Promise<SnapshotInfo | { error: string }> {
  const make = options.snapshot.make ?? createWorkspace;
  try {
    const info = await make({
      repoRoot: options.snapshot.repoRoot,
      runId: options.run.runId,
      ...(options.snapshot.tmpdir === undefined ? {} : { tmpdir: options.snapshot.tmpdir }),
      onWarning: ({ message, code }) => emit({ type: 'warning', message, code: code ?? 'SNAPSHOT_WARNING' }),
    });
    emit({ type: 'snapshot_ready', path: info.path, headSha: info.headSha, ...(info.manifest ? { manifest: info.manifest } : {}) });
    return info;
  } catch (error) {
    const fields = errorFields(error, 'SNAPSHOT_FAILED');
    emit({ type: 'error', ...fields });
    return { error: `the isolated workspace could not be created: ${fields.message}` };
  }
}

async function runJobs(plan: Plan, options: RunPipelineOptions, emit: Emit, info: SnapshotInfo): Promise<RunResult> {
  const signal = options.signal ?? neverAborted();
  const facts: RunFacts = {
    runId: options.run.runId,
    pipelineId: options.run.pipelineId,
    repoRoot: options.snapshot.repoRoot,
    workflowPath: options.run.workflowPath,
    snapshotPath: info.path,
    headSha: info.headSha,
    branch: await currentBranch(options.snapshot.repoRoot),
  };
  emit({ type: 'pipeline_started', jobs: plan.jobs.map((j) => ({ jobId: j.id, stage: j.stage, provider: j.provider })) });
  const counts = await runSchedule({
    plan,
    concurrency: options.concurrency ?? availableParallelism(),
    signal,
    emit,
    runJob: createJobRunner(options, emit, facts, signal),
  });
  const cancel = signal.aborted ? cancelReasonOf(signal) : undefined;
  const status = cancel !== undefined || counts.failed > 0 ? 'failure' : 'success';
  const exitCode = cancel?.exitCode ?? (status === 'failure' ? 1 : 0);
  emit({ type: 'pipeline_finished', status, exitCode });
  return {
    status,
    exitCode,
    snapshotPath: info.path,
    headSha: info.headSha,
    ...(cancel ? { error: cancel.message } : {}),
  };
}

export async function runPipeline(plan: Plan, options: RunPipelineOptions): Promise<RunResult> {
  const emit = createEmit(options.sink, options.clock);
  const { run } = options;
  emit({
    type: 'run_started',
    runId: run.runId,
    pipelineId: run.pipelineId,
    argv: run.argv,
    repoRoot: options.snapshot.repoRoot,
    workflowPath: run.workflowPath,
    loomVersion: run.loomVersion,
    graphIr: plan.graphIr,
  });
  let result: RunResult;
  try {
    const info = await makeWorkspace(options, emit);
    // A run that never got its workspace has no pipeline: the record ends at bootstrap with the error.
    result = 'error' in info ? { status: 'failure', exitCode: 1, error: info.error } : await runJobs(plan, options, emit, info);
  } catch (error) {
    // A bug: end the run in the record all the same, then let the caller report it.
    emit({ type: 'run_finished', status: 'failure', exitCode: 1, error: `internal error: ${errorFields(error, 'ENGINE_INTERNAL').message}` });
    throw error;
  }
  emit({ type: 'run_finished', status: result.status, exitCode: result.exitCode, ...(result.error ? { error: result.error } : {}) });
  return result;
}
