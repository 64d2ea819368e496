/** Handlers of the run-, pipeline- and job-lifecycle events. */
import type {
  JobFinished,
  JobSkipped,
  JobStarted,
  PipelineFinished,
  PipelineStarted,
  RunFinished,
  RunStarted,
  SnapshotReady,
} from '../events.js';
import { EVENTS_FILE, jobDir, pipelinePath } from '../layout.js';
import type { WriterContext } from './context.js';
import { addressOf } from './lines.js';
import { type JobState, newJob } from './state.js';

const RUN_FILE = EVENTS_FILE;
const PIPELINE_FILE = pipelinePath(EVENTS_FILE);

export function onRunStarted(ctx: WriterContext, e: RunStarted): void {
  const { state } = ctx;
  state.pipelineId = e.pipelineId;
  state.started = {
    ts: e.ts,
    argv: ctx.maskDeep(e.argv),
    repoRoot: ctx.mask(e.repoRoot),
    workflowPath: ctx.mask(e.workflowPath),
    loomVersion: ctx.mask(e.loomVersion),
    graphIr: ctx.maskDeep(e.graphIr),
  };
  state.runPhase = 'run.bootstrap';
  state.bootstrapOpen = true;
  const fields = {
    argv: state.started.argv,
    repo_root: state.started.repoRoot,
    workflow_path: state.started.workflowPath,
    loom_version: state.started.loomVersion,
  };
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.bootstrap'), e.ts, 'phase_start', fields, 'start');
}

export function onSnapshotReady(ctx: WriterContext, e: SnapshotReady): void {
  const snapshot = { path: ctx.mask(e.path), headSha: ctx.mask(e.headSha) };
  ctx.state.snapshot = snapshot;
  const fields = { path: snapshot.path, head_sha: snapshot.headSha, data: ctx.maskDeep(e.manifest) };
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.bootstrap'), e.ts, 'snapshot', fields);
}

/** Closes `run.bootstrap` if it is still open (the pipeline started, or the run ended before it did). */
function finishBootstrap(ctx: WriterContext, ts: number, status: 'success' | 'failure'): void {
  if (!ctx.state.bootstrapOpen) return;
  ctx.state.bootstrapOpen = false;
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.bootstrap'), ts, 'phase_finish', { status }, 'finish');
}

export function onPipelineStarted(ctx: WriterContext, e: PipelineStarted): void {
  const { state } = ctx;
  for (const job of e.jobs) {
    if (!state.jobs.has(job.jobId)) state.jobs.set(job.jobId, newJob(job.jobId, ctx.mask(job.stage), job.provider));
  }
  state.pipeline = { startedTs: e.ts };
  finishBootstrap(ctx, e.ts, 'success');
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.pipeline_execute'), e.ts, 'phase_start', undefined, 'start');
  state.runPhase = 'run.pipeline_execute';
  ctx.write([ctx.files.get(PIPELINE_FILE)], addressOf('pipeline.execute'), e.ts, 'phase_start', undefined, 'start');
}

export function onPipelineFinished(ctx: WriterContext, e: PipelineFinished): void {
  const { state } = ctx;
  state.pipeline = { startedTs: e.ts, ...state.pipeline, finishedTs: e.ts, status: e.status, exitCode: e.exitCode };
  const fields = { status: e.status, exit_code: e.exitCode };
  const pipelineFile = ctx.files.get(PIPELINE_FILE);
  ctx.write([pipelineFile], addressOf('pipeline.execute'), e.ts, 'phase_finish', fields, 'finish');
  pipelineFile.close();
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.pipeline_execute'), e.ts, 'phase_finish', fields, 'finish');
  state.runPhase = 'run.finalize';
}

/** The job's state, created when an event names a job the roster did not (robustness, not the normal path). */
export function jobOf(ctx: WriterContext, jobId: string): JobState {
  let job = ctx.state.jobs.get(jobId);
  if (job === undefined) {
    job = newJob(jobId, '', 'host');
    ctx.state.jobs.set(jobId, job);
  }
  return job;
}

/** Job lifecycle lines are the pipeline's scheduling decisions: pipeline scope, mirrored into the job file. */
const jobLifecycle = (jobId: string) => addressOf('pipeline.execute', { job_id: jobId });

export function onJobStarted(ctx: WriterContext, e: JobStarted): void {
  const job = jobOf(ctx, e.jobId);
  Object.assign(job, { stage: ctx.mask(e.stage), provider: e.provider, image: ctx.maskOptional(e.image) ?? null, status: 'running' });
  job.startedTs = e.ts;
  job.commands = e.steps.map((c) => ctx.mask(c));
  job.file = ctx.files.get(`${jobDir(e.jobId)}/${EVENTS_FILE}`);
  ctx.state.startOrder.push(e.jobId);
  const fields = { stage: job.stage, provider: e.provider, image: job.image, steps: e.steps.length };
  ctx.write([ctx.files.get(PIPELINE_FILE), job.file], jobLifecycle(e.jobId), e.ts, 'job_start', fields);
}

export function onJobSkipped(ctx: WriterContext, e: JobSkipped): void {
  const job = jobOf(ctx, e.jobId);
  Object.assign(job, { stage: ctx.mask(e.stage), provider: e.provider, status: 'skipped', reason: ctx.mask(e.reason) });
  const fields = { stage: job.stage, provider: e.provider, reason: job.reason };
  ctx.write([ctx.files.get(PIPELINE_FILE)], jobLifecycle(e.jobId), e.ts, 'job_skip', fields);
}

export function onJobFinished(ctx: WriterContext, e: JobFinished): void {
  const job = jobOf(ctx, e.jobId);
  Object.assign(job, { status: e.status, exitCode: e.exitCode, finishedTs: e.ts });
  const fields = { status: e.status, exit_code: e.exitCode };
  ctx.write([ctx.files.get(PIPELINE_FILE), job.file], jobLifecycle(e.jobId), e.ts, 'job_finish', fields);
  job.file?.close();
  job.executionFile?.close();
}

export function onRunFinished(ctx: WriterContext, e: RunFinished): void {
  const error = ctx.maskOptional(e.error);
  ctx.state.finished = { ts: e.ts, status: e.status, exitCode: e.exitCode, ...(error === undefined ? {} : { error }) };
  finishBootstrap(ctx, e.ts, e.status);
  const fields = { status: e.status, exit_code: e.exitCode, message: error };
  ctx.write([ctx.files.get(RUN_FILE)], addressOf('run.finalize'), e.ts, 'phase_start', fields, 'start');
  ctx.state.runPhase = 'run.finalize';
}
