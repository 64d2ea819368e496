/** Builds a job's documents (summary, manifest, step and section summaries) from the writer's state. Pure. */
import { KINDS, LOGS_SCHEMA_VERSION } from '../constants.js';
import type { JobArtifacts, JobManifest, JobSummary, StepEntry } from '../documents/job.js';
import type { SectionSummary, StepSummary } from '../documents/step-section.js';
import {
  EVENTS_FILE,
  EXECUTION_SECTION,
  MANIFEST_FILE,
  SUMMARY_FILE,
  artifactsArchive,
  artifactsDir,
  executionDir,
  jobDir,
  sectionDir,
  stepDir,
  stepLabel,
} from '../layout.js';
import { SECTION_PHASE } from '../phases.js';
import { type JobState, type SectionState, type StepState, finalJobStatus } from './state.js';

export interface BuiltDocument {
  /** Relative to the logs directory. */
  rel: string;
  doc: unknown;
}

export interface BuildContext {
  runId: string;
  iso: (ms: number) => string;
  /** Whether a path relative to the logs directory exists (artifacts are written by others). */
  exists: (rel: string) => boolean;
}

const NOT_STARTED = 'not run: the pipeline ended before this job started';

function timing(ctx: BuildContext, startedTs: number | undefined, finishedTs: number | undefined) {
  return {
    started_at: startedTs === undefined ? null : ctx.iso(startedTs),
    finished_at: finishedTs === undefined ? null : ctx.iso(finishedTs),
    duration_ms: startedTs === undefined || finishedTs === undefined ? null : Math.max(0, finishedTs - startedTs),
  };
}

const stepStatus = (step: StepState): 'success' | 'failed' => step.status ?? 'failed';
const sectionStatus = (section: SectionState) => section.status ?? 'failed';

export function buildJobSummary(ctx: BuildContext, job: JobState): JobSummary {
  const status = finalJobStatus(job);
  const reason = job.reason ?? (job.status === 'pending' ? NOT_STARTED : undefined);
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.jobSummary,
    run_id: ctx.runId,
    job_id: job.jobId,
    stage: job.stage,
    provider: job.provider,
    image: job.image,
    status,
    exit_code: job.exitCode,
    ...(status === 'skipped' && reason !== undefined ? { reason } : {}),
    ...timing(ctx, job.startedTs, job.finishedTs),
  };
}

function stepEntries(job: JobState): StepEntry[] {
  const count = Math.max(job.commands.length, ...job.steps.keys());
  const entries: StepEntry[] = [];
  for (let index = 1; index <= count; index++) {
    const step = job.steps.get(index);
    const dir = stepDir(job.jobId, index);
    entries.push({
      index,
      label: stepLabel(index),
      command: step?.command ?? job.commands[index - 1] ?? '',
      status: step === undefined ? 'skipped' : stepStatus(step),
      exit_code: step?.exitCode ?? null,
      summary_path: step === undefined ? null : `${dir}/${SUMMARY_FILE}`,
      events_path: step === undefined ? null : `${dir}/${EVENTS_FILE}`,
    });
  }
  return entries;
}

/** Where the job failed: its first failure in time, else whatever was left unfinished. */
function failure(job: JobState): { section: string | null; stepEventsPath: string | null } {
  if (finalJobStatus(job) !== 'failed') return { section: null, stepEventsPath: null };
  const unfinishedStep = [...job.steps.values()].find((s) => s.status === undefined);
  const unfinishedSection = [...job.sections.values()].find((s) => s.status === undefined);
  const first =
    job.firstFailure ??
    (unfinishedStep && { kind: 'step' as const, index: unfinishedStep.index }) ??
    (unfinishedSection && { kind: 'section' as const, name: unfinishedSection.name });
  if (first === undefined) return { section: null, stepEventsPath: null };
  if (first.kind === 'section') return { section: first.name, stepEventsPath: null };
  return { section: EXECUTION_SECTION, stepEventsPath: `${stepDir(job.jobId, first.index)}/${EVENTS_FILE}` };
}

const WHENS = ['on_success', 'on_failure', 'always'] as const;
const whenOf = (value: unknown): JobArtifacts['when'] => (WHENS.includes(value as (typeof WHENS)[number]) ? (value as JobArtifacts['when']) : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);

function artifactsOf(ctx: BuildContext, job: JobState): JobArtifacts | null {
  const section = job.sections.get('artifact_extract');
  if (section === undefined) return null;
  const list = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  const files = artifactsDir(job.jobId);
  const archive = artifactsArchive(job.jobId);
  return {
    files_path: ctx.exists(files) ? files : null,
    archive_path: ctx.exists(archive) ? archive : null,
    copied: list(section.data?.copied),
    missing: list(section.data?.missing),
    when: whenOf(section.data?.when),
    files: count(section.data?.files),
    bytes: count(section.data?.bytes),
  };
}

/** The cache sections' one-line summary (the save's covers restore and save). */
function cacheLineOf(job: JobState): string | null {
  for (const name of ['cache_save', 'cache_restore'] as const) {
    const line = job.sections.get(name)?.data?.line;
    if (typeof line === 'string') return line;
  }
  return null;
}

export function buildJobManifest(ctx: BuildContext, job: JobState): JobManifest {
  const { section, stepEventsPath } = failure(job);
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.jobManifest,
    job_id: job.jobId,
    status: finalJobStatus(job),
    exit_code: job.exitCode,
    failing_section: section,
    failing_step_events_path: stepEventsPath,
    events_path: `${jobDir(job.jobId)}/${EVENTS_FILE}`,
    execution_events_path: job.execution === undefined ? null : `${executionDir(job.jobId)}/${EVENTS_FILE}`,
    steps: stepEntries(job),
    system_sections: [...job.sections.values()].map((s) => ({
      name: s.name,
      phase_code: SECTION_PHASE[s.name],
      status: sectionStatus(s),
      summary_path: `${sectionDir(job.jobId, s.name)}/${SUMMARY_FILE}`,
      events_path: `${sectionDir(job.jobId, s.name)}/${EVENTS_FILE}`,
    })),
    artifacts: artifactsOf(ctx, job),
    cache: cacheLineOf(job),
  };
}

function buildStepSummary(ctx: BuildContext, job: JobState, step: StepState): StepSummary {
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.stepSummary,
    run_id: ctx.runId,
    job_id: job.jobId,
    index: step.index,
    label: stepLabel(step.index),
    command: step.command,
    status: stepStatus(step),
    exit_code: step.exitCode,
    ...(step.signal === undefined ? {} : { signal: step.signal }),
    ...timing(ctx, step.startedTs, step.finishedTs),
    output_lines: step.outputLines,
    errors: step.errors,
    events_path: `${stepDir(job.jobId, step.index)}/${EVENTS_FILE}`,
  };
}

function buildSectionSummary(ctx: BuildContext, job: JobState, section: SectionState): SectionSummary {
  return {
    schema_version: LOGS_SCHEMA_VERSION,
    kind: KINDS.sectionSummary,
    run_id: ctx.runId,
    job_id: job.jobId,
    name: section.name,
    phase_code: SECTION_PHASE[section.name],
    status: sectionStatus(section),
    ...timing(ctx, section.startedTs, section.finishedTs),
    output_lines: section.outputLines,
    data: section.data ?? null,
    errors: section.errors,
    events_path: `${sectionDir(job.jobId, section.name)}/${EVENTS_FILE}`,
  };
}

/** Every document of one job. A job that never started gets its summary only. */
export function buildJobDocuments(ctx: BuildContext, job: JobState): BuiltDocument[] {
  const dir = jobDir(job.jobId);
  const docs: BuiltDocument[] = [{ rel: `${dir}/${SUMMARY_FILE}`, doc: buildJobSummary(ctx, job) }];
  if (job.startedTs === undefined && job.file === undefined) return docs;
  docs.push({ rel: `${dir}/${MANIFEST_FILE}`, doc: buildJobManifest(ctx, job) });
  for (const step of job.steps.values()) {
    docs.push({ rel: `${stepDir(job.jobId, step.index)}/${SUMMARY_FILE}`, doc: buildStepSummary(ctx, job, step) });
  }
  for (const section of job.sections.values()) {
    docs.push({ rel: `${sectionDir(job.jobId, section.name)}/${SUMMARY_FILE}`, doc: buildSectionSummary(ctx, job, section) });
  }
  return docs;
}
