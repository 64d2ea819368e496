/** Handlers of the events inside a job: system sections, the execution envelope and steps. */
import type { SectionName } from '@loom/contracts';
import type {
  ExecutionFinished,
  ExecutionStarted,
  SectionFinished,
  SectionStarted,
  StepFinished,
  StepStarted,
} from '../events.js';
import { EVENTS_FILE, executionDir, jobDir, sectionDir, stepDir } from '../layout.js';
import { SECTION_PHASE } from '../phases.js';
import type { WriterContext } from './context.js';
import { addressOf } from './lines.js';
import { flushPartials } from './output.js';
import { jobOf } from './run-events.js';
import { type JobState, type SectionState, type StepState, newTarget } from './state.js';

const sectionAddress = (jobId: string, name: SectionName) =>
  addressOf(SECTION_PHASE[name], { job_id: jobId, section: name });
const executionAddress = (jobId: string) => addressOf('job.execution', { job_id: jobId });
const stepAddress = (jobId: string, index: number) => addressOf('step.execute', { job_id: jobId, step: index });

/** The section's state, opening its folder and stream on first use. */
export function sectionOf(ctx: WriterContext, job: JobState, name: SectionName): SectionState {
  let section = job.sections.get(name);
  if (section === undefined) {
    const file = ctx.files.get(`${sectionDir(job.jobId, name)}/${EVENTS_FILE}`);
    const address = sectionAddress(job.jobId, name);
    section = { ...newTarget(file, address, ctx.fragment(address)), name };
    job.sections.set(name, section);
  }
  return section;
}

export function stepOf(ctx: WriterContext, job: JobState, index: number): StepState {
  let step = job.steps.get(index);
  if (step === undefined) {
    const file = ctx.files.get(`${stepDir(job.jobId, index)}/${EVENTS_FILE}`);
    const address = stepAddress(job.jobId, index);
    const target = newTarget(file, address, ctx.fragment(address));
    step = { ...target, index, command: job.commands[index - 1] ?? '', exitCode: null };
    job.steps.set(index, step);
  }
  return step;
}

function jobFile(ctx: WriterContext, job: JobState) {
  job.file ??= ctx.files.get(`${jobDir(job.jobId)}/${EVENTS_FILE}`);
  return job.file;
}

function executionFile(ctx: WriterContext, job: JobState) {
  job.executionFile ??= ctx.files.get(`${executionDir(job.jobId)}/${EVENTS_FILE}`);
  return job.executionFile;
}

export function onSectionStarted(ctx: WriterContext, e: SectionStarted): void {
  const job = jobOf(ctx, e.jobId);
  const section = sectionOf(ctx, job, e.section);
  section.startedTs = e.ts;
  const targets = [section.file, jobFile(ctx, job)];
  ctx.write(targets, sectionAddress(e.jobId, e.section), e.ts, 'phase_start', undefined, 'start');
}

export function onSectionFinished(ctx: WriterContext, e: SectionFinished): void {
  const job = jobOf(ctx, e.jobId);
  const section = sectionOf(ctx, job, e.section);
  flushPartials(ctx, section, e.ts);
  Object.assign(section, { status: e.status, finishedTs: e.ts, data: ctx.maskDeep(e.data) });
  if (e.status === 'failed') job.firstFailure ??= { kind: 'section', name: e.section };
  const fields = { status: e.status, data: section.data };
  const targets = [section.file, jobFile(ctx, job)];
  ctx.write(targets, sectionAddress(e.jobId, e.section), e.ts, 'phase_finish', fields, 'finish');
  section.file.close();
}

export function onExecutionStarted(ctx: WriterContext, e: ExecutionStarted): void {
  const job = jobOf(ctx, e.jobId);
  job.execution = { startedTs: e.ts };
  const targets = [jobFile(ctx, job), executionFile(ctx, job)];
  ctx.write(targets, executionAddress(e.jobId), e.ts, 'phase_start', undefined, 'start');
}

export function onExecutionFinished(ctx: WriterContext, e: ExecutionFinished): void {
  const job = jobOf(ctx, e.jobId);
  job.execution = { startedTs: e.ts, ...job.execution, finishedTs: e.ts, status: e.status, exitCode: e.exitCode };
  const fields = { status: e.status, exit_code: e.exitCode };
  const targets = [jobFile(ctx, job), executionFile(ctx, job)];
  ctx.write(targets, executionAddress(e.jobId), e.ts, 'phase_finish', fields, 'finish');
  job.executionFile?.close();
}

export function onStepStarted(ctx: WriterContext, e: StepStarted): void {
  const job = jobOf(ctx, e.jobId);
  const step = stepOf(ctx, job, e.index);
  step.command = ctx.mask(e.command);
  step.startedTs = e.ts;
  const targets = [step.file, executionFile(ctx, job)];
  ctx.write(targets, stepAddress(e.jobId, e.index), e.ts, 'phase_start', { command: step.command }, 'start');
}

export function onStepFinished(ctx: WriterContext, e: StepFinished): void {
  const job = jobOf(ctx, e.jobId);
  const step = stepOf(ctx, job, e.index);
  flushPartials(ctx, step, e.ts);
  Object.assign(step, { status: e.status, exitCode: e.exitCode, finishedTs: e.ts });
  if (e.signal !== undefined) step.signal = ctx.mask(e.signal);
  if (e.status === 'failed') job.firstFailure ??= { kind: 'step', index: e.index };
  const fields = { status: e.status, exit_code: e.exitCode, signal: step.signal };
  const targets = [step.file, executionFile(ctx, job)];
  ctx.write(targets, stepAddress(e.jobId, e.index), e.ts, 'phase_finish', fields, 'finish');
  step.file.close();
}
