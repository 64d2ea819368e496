/**
 * Scopes, phase codes, phase families and the section-directory → phase mapping of the runtime-logs
 * contract (runtime-logs.md §5), plus `phaseOf`, which derives them from an event so no producer can get them
 * wrong.
 */
import type { SectionName } from '@loom/contracts';
import type { LoomEvent, PhaseCode, Scope } from './events.js';

export const SCOPES = ['run', 'pipeline', 'job', 'step'] as const satisfies readonly Scope[];

/** Every stable phase code, in the recommended emission order. */
export const PHASE_CODES = [
  'run.bootstrap',
  'run.pipeline_execute',
  'pipeline.execute',
  'job.provider_prepare',
  'job.cache_restore',
  'job.execution',
  'step.execute',
  'job.artifact_restore',
  'job.cache_save',
  'job.cleanup',
  'run.finalize',
] as const satisfies readonly PhaseCode[];

export const PHASE_FAMILIES = ['run', 'pipeline', 'provider', 'cache', 'execution', 'artifact', 'cleanup'] as const;
export type PhaseFamily = (typeof PHASE_FAMILIES)[number];

/** The spec's recommendation: the family is the code's prefix group. */
export const PHASE_FAMILY: Readonly<Record<PhaseCode, PhaseFamily>> = {
  'run.bootstrap': 'run',
  'run.pipeline_execute': 'run',
  'run.finalize': 'run',
  'pipeline.execute': 'pipeline',
  'job.provider_prepare': 'provider',
  'job.cache_restore': 'cache',
  'job.cache_save': 'cache',
  'job.execution': 'execution',
  'step.execute': 'execution',
  'job.artifact_restore': 'artifact',
  'job.cleanup': 'cleanup',
};

export const PHASE_SCOPE: Readonly<Record<PhaseCode, Scope>> = {
  'run.bootstrap': 'run',
  'run.pipeline_execute': 'run',
  'run.finalize': 'run',
  'pipeline.execute': 'pipeline',
  'job.provider_prepare': 'job',
  'job.cache_restore': 'job',
  'job.cache_save': 'job',
  'job.execution': 'job',
  'step.execute': 'step',
  'job.artifact_restore': 'job',
  'job.cleanup': 'job',
};

export const SECTION_NAMES = [
  'provider',
  'services',
  'image_build',
  'cache_restore',
  'cache_save',
  'artifact_extract',
  'cleanup',
] as const satisfies readonly SectionName[];

/** `jobs/<id>/system/<section>` → phase code (runtime-logs.md §5.2). */
export const SECTION_PHASE: Readonly<Record<SectionName, PhaseCode>> = {
  provider: 'job.provider_prepare',
  services: 'job.provider_prepare',
  image_build: 'job.provider_prepare',
  cache_restore: 'job.cache_restore',
  cache_save: 'job.cache_save',
  artifact_extract: 'job.artifact_restore',
  cleanup: 'job.cleanup',
};

/** Phases every run emits. */
export const ALWAYS_PRESENT_RUN_PHASES = [
  'run.bootstrap',
  'run.pipeline_execute',
  'pipeline.execute',
  'run.finalize',
] as const satisfies readonly PhaseCode[];

/** Phases every job that started emits (skipped jobs emit none). */
export const ALWAYS_PRESENT_JOB_PHASES = [
  'job.provider_prepare',
  'job.execution',
  'job.cleanup',
] as const satisfies readonly PhaseCode[];

/** Sections written for every job that started; the others only when they did work. */
export const ALWAYS_PRESENT_SECTIONS = ['provider', 'cleanup'] as const satisfies readonly SectionName[];

export interface PhaseInfo {
  scope: Scope;
  phase_code: PhaseCode;
  phase_family: PhaseFamily;
}

function info(phase_code: PhaseCode): PhaseInfo {
  return { scope: PHASE_SCOPE[phase_code], phase_code, phase_family: PHASE_FAMILY[phase_code] };
}

/** A job's lifecycle records (start, finish, skip) are the pipeline's scheduling decisions. */
const PIPELINE = info('pipeline.execute');

/**
 * The scope and phase an event belongs to. Run-level messages (note/warning/error without a job) depend on
 * where the run is, which the event does not say: pass `runPhase` (the writer tracks it); it defaults to
 * `run.pipeline_execute`. Job-level messages without a step or section belong to the execution envelope.
 */
export function phaseOf(event: LoomEvent, runPhase: PhaseCode = 'run.pipeline_execute'): PhaseInfo {
  switch (event.type) {
    case 'run_started':
    case 'snapshot_ready':
      return info('run.bootstrap');
    case 'pipeline_started':
    case 'pipeline_finished':
    case 'job_started':
    case 'job_skipped':
    case 'job_finished':
      return PIPELINE;
    case 'section_started':
    case 'section_finished':
      return info(SECTION_PHASE[event.section]);
    case 'execution_started':
    case 'execution_finished':
      return info('job.execution');
    case 'step_started':
    case 'step_finished':
      return info('step.execute');
    case 'run_finished':
      return info('run.finalize');
    case 'output':
    case 'note':
    case 'warning':
    case 'error':
      return messagePhase(event, runPhase);
  }
}

function messagePhase(
  event: { jobId?: string; index?: number; section?: SectionName },
  runPhase: PhaseCode,
): PhaseInfo {
  if (event.jobId === undefined) return info(runPhase);
  if (event.section !== undefined) return info(SECTION_PHASE[event.section]);
  if (event.index !== undefined) return info('step.execute');
  return info('job.execution');
}
