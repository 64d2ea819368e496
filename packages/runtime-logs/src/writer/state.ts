/** What the writer remembers of a run while events arrive; the documents are built from it at close. */
import type { SectionName, SectionStatus } from '@loom/contracts';
import type { RecordedError } from '../documents/common.js';
import type { PhaseCode, ProviderKind, RunStatus } from '../events.js';
import type { Boundary } from '../phase-report.js';
import type { LineFile } from './line-files.js';
import type { Address } from './lines.js';

/** A step's or a section's output destination, with what the hot path needs precomputed. */
export interface OutputTarget {
  file: LineFile;
  address: Address;
  /** `address` as the JSON fragment every line of this target repeats. */
  fragment: string;
  outputLines: number;
  errors: RecordedError[];
  /** Streams that have a partial line pending in the masker, and their masker keys. */
  partial: { stdout: boolean; stderr: boolean };
  maskKeys: { stdout: string; stderr: string };
  /** The output record this target last opened: later lines of the same stream and millisecond join it. */
  batch?: { stream: 'stdout' | 'stderr'; iso: string; seq: number };
}

export interface StepState extends OutputTarget {
  index: number;
  command: string;
  status?: 'success' | 'failed';
  exitCode: number | null;
  signal?: string;
  startedTs?: number;
  finishedTs?: number;
}

export interface SectionState extends OutputTarget {
  name: SectionName;
  status?: SectionStatus;
  startedTs?: number;
  finishedTs?: number;
  data?: Record<string, unknown>;
}

type JobPhaseStatus = 'pending' | 'running' | 'success' | 'failed' | 'skipped';

export interface JobState {
  jobId: string;
  stage: string;
  provider: ProviderKind;
  image: string | null;
  status: JobPhaseStatus;
  reason?: string;
  exitCode: number | null;
  startedTs?: number;
  finishedTs?: number;
  /** Redacted commands of `script`, in order. */
  commands: string[];
  steps: Map<number, StepState>;
  /** In start order. */
  sections: Map<SectionName, SectionState>;
  execution?: { startedTs: number; finishedTs?: number; status?: string; exitCode?: number };
  /** The first thing that failed in this job, in time. */
  firstFailure?: { kind: 'step'; index: number } | { kind: 'section'; name: SectionName };
  file?: LineFile;
  executionFile?: LineFile;
  /** Output and messages of the job that name neither a step nor a section, when none is open. */
  jobTarget?: OutputTarget;
}


export interface RunState {
  runId: string;
  pipelineId: string | null;
  started?: {
    ts: number;
    argv: string[];
    repoRoot: string;
    workflowPath: string;
    loomVersion: string;
    graphIr: unknown;
  };
  snapshot?: { path: string; headSha: string };
  /** The run phase messages without a job belong to. */
  runPhase: PhaseCode;
  bootstrapOpen: boolean;
  pipeline?: { startedTs: number; finishedTs?: number; status?: RunStatus; exitCode?: number };
  /** Every runnable job, in plan order (from `pipeline_started`, completed by later job events). */
  jobs: Map<string, JobState>;
  /** Job ids in `job_started` order: the execution order. */
  startOrder: string[];
  finished?: { ts: number; status: RunStatus; exitCode: number; error?: string };
  boundaries: Boundary[];
}

export function newJob(jobId: string, stage: string, provider: ProviderKind): JobState {
  return { jobId, stage, provider, image: null, status: 'pending', exitCode: null, commands: [], steps: new Map(), sections: new Map() };
}

export function newTarget(file: LineFile, address: Address, fragment: string): OutputTarget {
  return {
    file,
    address,
    fragment,
    outputLines: 0,
    errors: [],
    partial: { stdout: false, stderr: false },
    maskKeys: { stdout: `${file.rel}\u0000stdout`, stderr: `${file.rel}\u0000stderr` },
  };
}

/** The job's outcome as written: jobs that never finished count as failed, jobs that never started as skipped. */
export function finalJobStatus(job: JobState): 'success' | 'failed' | 'skipped' {
  if (job.status === 'success' || job.status === 'failed' || job.status === 'skipped') return job.status;
  return job.status === 'running' ? 'failed' : 'skipped';
}
