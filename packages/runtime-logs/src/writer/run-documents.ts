/** Builds the pipeline documents, the run summary and the run receipt from the writer's state. Pure. */
import { KINDS, LOGS_SCHEMA_VERSION, V1 } from '../constants.js';
import type { ArtifactPointer, JobCounts, PipelineManifest, PipelineSummary, RosterEntry } from '../documents/pipeline.js';
import type { ExecutorReceipt, RunReceipt } from '../documents/receipts.js';
import type { RunSummary } from '../documents/run-summary.js';
import type { RunStatus } from '../events.js';
import { EVENTS_FILE, MANIFEST_FILE, PHASE_REPORT_FILE, SUMMARY_FILE, jobDir, pipelinePath } from '../layout.js';
import { type BuildContext, buildJobManifest, buildJobSummary } from './job-documents.js';
import { type RunState, finalJobStatus } from './state.js';

function jobCounts(state: RunState): JobCounts {
  const counts = { total: 0, success: 0, failed: 0, skipped: 0 };
  for (const job of state.jobs.values()) {
    counts.total++;
    counts[finalJobStatus(job)]++;
  }
  return counts;
}

/** The earliest failing job in execution order (the order jobs started). */
function failingJobId(state: RunState): string | null {
  return state.startOrder.find((id) => finalJobStatus(state.jobs.get(id)!) === 'failed') ?? null;
}

/** The run's outcome: what `run_finished` said, else what the pipeline said, else failure. */
export function runOutcome(state: RunState): { status: RunStatus; exitCode: number } {
  if (state.finished !== undefined) return { status: state.finished.status, exitCode: state.finished.exitCode };
  const status = state.pipeline?.status ?? 'failure';
  return { status, exitCode: state.pipeline?.exitCode ?? (status === 'success' ? 0 : 1) };
}

function pipelineStatus(state: RunState): RunStatus {
  return state.pipeline?.status ?? runOutcome(state).status;
}

export function buildPipelineSummary(ctx: BuildContext, state: RunState, pipelineId: string): PipelineSummary {
  const p = state.pipeline;
  const started = p?.startedTs;
  const finished = p?.finishedTs;
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.pipelineSummary,
    run_id: state.runId,
    pipeline_id: pipelineId,
    status: pipelineStatus(state),
    exit_code: p?.exitCode ?? null,
    started_at: started === undefined ? null : ctx.iso(started),
    finished_at: finished === undefined ? null : ctx.iso(finished),
    duration_ms: started === undefined || finished === undefined ? null : Math.max(0, finished - started),
    jobs: jobCounts(state),
  };
}

export function buildPipelineManifest(ctx: BuildContext, state: RunState, pipelineId: string): PipelineManifest {
  const failing = failingJobId(state);
  const jobs: RosterEntry[] = [];
  const artifacts: ArtifactPointer[] = [];
  for (const job of state.jobs.values()) {
    const summary = buildJobSummary(ctx, job);
    jobs.push({
      job_id: job.jobId,
      stage: job.stage,
      provider: job.provider,
      status: summary.status,
      exit_code: summary.exit_code,
      ...(summary.reason === undefined ? {} : { reason: summary.reason }),
    });
    const art = job.sections.has('artifact_extract') ? buildJobManifest(ctx, job).artifacts : null;
    if (art) artifacts.push({ job_id: job.jobId, files_path: art.files_path, archive_path: art.archive_path });
  }
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.pipelineManifest,
    run_id: state.runId,
    pipeline_id: pipelineId,
    status: pipelineStatus(state),
    failing_job_id: failing,
    failing_job_manifest_path: failing === null ? null : `${jobDir(failing)}/${MANIFEST_FILE}`,
    jobs,
    artifacts,
  };
}

interface RunTimes {
  startedTs: number;
  finishedTs: number;
}

export function buildRunSummary(ctx: BuildContext, state: RunState, times: RunTimes): RunSummary {
  const { status, exitCode } = runOutcome(state);
  const error = state.finished?.error;
  const hasPipeline = state.pipeline !== undefined && state.pipelineId !== null;
  return {
    schema_version: V1,
    kind: KINDS.runSummary,
    run_id: state.runId,
    pipeline_id: state.pipelineId,
    status,
    exit_code: exitCode,
    ...(error === undefined ? {} : { error }),
    started_at: ctx.iso(times.startedTs),
    finished_at: ctx.iso(times.finishedTs),
    duration_ms: Math.max(0, times.finishedTs - times.startedTs),
    events_path: EVENTS_FILE,
    phase_report_path: PHASE_REPORT_FILE,
    pipeline_summary_path: hasPipeline ? pipelinePath(SUMMARY_FILE) : null,
    pipeline_manifest_path: hasPipeline ? pipelinePath(MANIFEST_FILE) : null,
  };
}

function buildExecutorReceipt(state: RunState): ExecutorReceipt {
  return { executor: 'local', pipeline_id: state.pipelineId, jobs: jobCounts(state), failing_job_id: failingJobId(state) };
}

/** Absolute locations the receipt points at (they differ per mirror). */
export interface ReceiptPaths {
  logsDir: string;
  eventsPath: string;
  phaseReportPath: string;
}

export function buildRunReceipt(ctx: BuildContext, state: RunState, times: RunTimes, paths: ReceiptPaths): RunReceipt {
  const { status, exitCode } = runOutcome(state);
  const started = state.started;
  const error = state.finished?.error;
  return {
    schema_version: V1,
    kind: KINDS.runReceipt,
    loom_version: started?.loomVersion ?? 'unknown',
    command: started?.argv ?? [],
    repo_root: started?.repoRoot ?? '/',
    workflow_path: started?.workflowPath ?? '/',
    started_at: ctx.iso(times.startedTs),
    finished_at: ctx.iso(times.finishedTs),
    duration_ms: Math.max(0, times.finishedTs - times.startedTs),
    status,
    exit_code: exitCode,
    ...(error === undefined ? {} : { error }),
    logs_dir: paths.logsDir,
    events_jsonl_path: paths.eventsPath,
    phase_report_path: paths.phaseReportPath,
    ...(state.snapshot === undefined ? {} : { snapshot_path: state.snapshot.path, snapshot_head_sha: state.snapshot.headSha }),
    executor_receipt: buildExecutorReceipt(state),
    graph_ir: started?.graphIr ?? null,
  };
}
