/**
 * The phase report (runtime-logs.md §7), computed from the run's phase boundaries: coverage (a start without
 * a finish, an always-present phase never emitted) and ordering (a finish without a start, phases out of the
 * contract's order, job phases outside `pipeline.execute`, steps outside `job.execution`). Skipped jobs emit
 * no phases and are exempt. Pure.
 */
import { KINDS, V1 } from './constants.js';
import type { OrderingViolation, PhaseMissing, PhaseReport, PhaseSeen } from './documents/phase-report.js';
import type { SectionName } from '@loom/contracts';
import type { PhaseCode, Scope } from './events.js';
import { ALWAYS_PRESENT_JOB_PHASES, ALWAYS_PRESENT_RUN_PHASES, PHASE_SCOPE } from './phases.js';

/** One phase boundary as the writer saw it; `seq` is the line's sequence number. */
export interface Boundary {
  seq: number;
  edge: 'start' | 'finish';
  scope: Scope;
  phase_code: PhaseCode;
  job_id: string | null;
  section: SectionName | null;
  step: number | null;
}

export interface PhaseReportInput {
  runId: string;
  checkedAt: string;
  boundaries: readonly Boundary[];
  /** Jobs that started (in start order); only they owe job phases. */
  startedJobs: readonly string[];
  skippedJobs: readonly string[];
}

type Key = Pick<PhaseSeen, 'scope' | 'phase_code' | 'job_id' | 'section' | 'step'>;
interface Span extends Key {
  start?: number;
  finish?: number;
}

/** Order of the job phases (runtime-logs.md §5.1); artifact restore and cache save may come in either order. */
const JOB_RANK: Partial<Record<PhaseCode, number>> = {
  'job.provider_prepare': 0,
  'job.cache_restore': 1,
  'job.execution': 2,
  'job.artifact_restore': 3,
  'job.cache_save': 3,
  'job.cleanup': 4,
};
const ALWAYS_SECTION: Partial<Record<PhaseCode, 'provider' | 'cleanup'>> = {
  'job.provider_prepare': 'provider',
  'job.cleanup': 'cleanup',
};

const keyOf = (k: Key): string => `${k.scope}|${k.phase_code}|${k.job_id}|${k.section}|${k.step}`;
const keyFields = (k: Key): Key => ({
  scope: k.scope,
  phase_code: k.phase_code,
  job_id: k.job_id,
  section: k.section,
  step: k.step,
});
const describe = (k: Key): string =>
  [k.phase_code, k.job_id && `job ${k.job_id}`, k.section && `section ${k.section}`, k.step && `step ${k.step}`]
    .filter(Boolean)
    .join(' ');

function collectSpans(boundaries: readonly Boundary[], violations: OrderingViolation[]): Span[] {
  const spans = new Map<string, Span>();
  for (const b of [...boundaries].sort((x, y) => x.seq - y.seq)) {
    const key = keyOf(b);
    let span = spans.get(key);
    if (span === undefined) {
      span = keyFields(b);
      spans.set(key, span);
    }
    if (b.edge === 'start') {
      if (span.start !== undefined) {
        violations.push({ ...keyFields(b), problem: 'started_twice', message: `${describe(b)} started twice` });
      } else span.start = b.seq;
    } else if (span.start === undefined || span.finish !== undefined) {
      const why = span.start === undefined ? 'finished without a start' : 'finished twice';
      violations.push({ ...keyFields(b), problem: 'finish_without_start', message: `${describe(b)} ${why}` });
      span.finish ??= b.seq;
    } else span.finish = b.seq;
  }
  return [...spans.values()];
}

function missingPhases(spans: Span[], input: PhaseReportInput): PhaseMissing[] {
  const missing: PhaseMissing[] = spans
    .filter((s) => s.start !== undefined && s.finish === undefined)
    .map((s) => ({ ...keyFields(s), problem: 'not_finished' }));
  const runCodes = new Set(spans.filter((s) => s.job_id === null).map((s) => s.phase_code));
  for (const code of ALWAYS_PRESENT_RUN_PHASES) {
    if (!runCodes.has(code)) {
      missing.push({ scope: PHASE_SCOPE[code], phase_code: code, job_id: null, section: null, step: null, problem: 'never_started' });
    }
  }
  const skipped = new Set(input.skippedJobs);
  for (const jobId of input.startedJobs) {
    if (skipped.has(jobId)) continue;
    const codes = new Set(spans.filter((s) => s.job_id === jobId).map((s) => s.phase_code));
    for (const code of ALWAYS_PRESENT_JOB_PHASES) {
      if (codes.has(code)) continue;
      const section = ALWAYS_SECTION[code] ?? null;
      missing.push({ scope: 'job', phase_code: code, job_id: jobId, section, step: null, problem: 'never_started' });
    }
  }
  return missing;
}

function outOfOrder(span: Key, message: string, problem: OrderingViolation['problem'] = 'out_of_order'): OrderingViolation {
  return { ...keyFields(span), problem, message };
}

/** run.bootstrap → run.pipeline_execute { pipeline.execute } → run.finalize, as a chain of boundary seqs. */
function checkRunChain(spans: Span[], violations: OrderingViolation[]): void {
  const run = (code: PhaseCode) => spans.find((s) => s.job_id === null && s.phase_code === code);
  const chain: [Span | undefined, 'start' | 'finish'][] = [
    [run('run.bootstrap'), 'start'],
    [run('run.bootstrap'), 'finish'],
    [run('run.pipeline_execute'), 'start'],
    [run('pipeline.execute'), 'start'],
    [run('pipeline.execute'), 'finish'],
    [run('run.pipeline_execute'), 'finish'],
    [run('run.finalize'), 'start'],
    [run('run.finalize'), 'finish'],
  ];
  let last: { span: Span; edge: string; seq: number } | undefined;
  for (const [span, edge] of chain) {
    const seq = span?.[edge];
    if (span === undefined || seq === undefined) continue;
    if (last !== undefined && seq < last.seq) {
      violations.push(outOfOrder(span, `${describe(span)} ${edge} came before ${describe(last.span)} ${last.edge}`));
    }
    last = { span, edge, seq };
  }
}

function within(span: Span, parent: Span | undefined): boolean {
  if (parent === undefined || parent.start === undefined) return true;
  const after = (seq: number | undefined) => seq === undefined || seq > (parent.start as number);
  const before = (seq: number | undefined) => seq === undefined || parent.finish === undefined || seq < parent.finish;
  return after(span.start) && after(span.finish) && before(span.start) && before(span.finish);
}

function checkJob(jobSpans: Span[], pipeline: Span | undefined, violations: OrderingViolation[]): void {
  for (const span of jobSpans) {
    if (!within(span, pipeline)) violations.push(outOfOrder(span, `${describe(span)} lies outside pipeline.execute`, 'outside_parent'));
  }
  const phases = jobSpans.filter((s) => JOB_RANK[s.phase_code] !== undefined);
  for (const a of phases) {
    for (const b of phases) {
      if ((JOB_RANK[a.phase_code] as number) >= (JOB_RANK[b.phase_code] as number) || b.start === undefined) continue;
      const bad = (a.start !== undefined && a.start > b.start) || (a.finish !== undefined && a.finish > b.start);
      if (bad) violations.push(outOfOrder(b, `${describe(b)} started before ${describe(a)} finished`));
    }
  }
  const execution = jobSpans.find((s) => s.phase_code === 'job.execution');
  const steps = jobSpans.filter((s) => s.scope === 'step').sort((x, y) => (x.step ?? 0) - (y.step ?? 0));
  steps.forEach((step, i) => {
    if (!within(step, execution)) violations.push(outOfOrder(step, `${describe(step)} lies outside job.execution`, 'outside_parent'));
    const prev = steps[i - 1];
    if (prev?.finish !== undefined && step.start !== undefined && step.start < prev.finish) {
      violations.push(outOfOrder(step, `${describe(step)} started before ${describe(prev)} finished`));
    }
  });
}

export function computePhaseReport(input: PhaseReportInput): PhaseReport {
  const ordering_violations: OrderingViolation[] = [];
  const spans = collectSpans(input.boundaries, ordering_violations);
  const missing = missingPhases(spans, input);
  checkRunChain(spans, ordering_violations);
  const pipeline = spans.find((s) => s.phase_code === 'pipeline.execute');
  const jobIds = [...new Set(spans.map((s) => s.job_id).filter((id): id is string => id !== null))];
  for (const jobId of jobIds) checkJob(spans.filter((s) => s.job_id === jobId), pipeline, ordering_violations);
  return {
    schema_version: V1,
    kind: KINDS.phaseReport,
    run_id: input.runId,
    valid: missing.length === 0 && ordering_violations.length === 0,
    checked_at: input.checkedAt,
    skipped_jobs: [...input.skippedJobs],
    phases_seen: spans.map((s) => ({ ...keyFields(s), started: s.start !== undefined, finished: s.finish !== undefined })),
    missing,
    ordering_violations,
  };
}
