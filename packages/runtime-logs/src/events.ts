/**
 * The event vocabulary the engine emits and every EventSink (the file writer, the terminal reporter)
 * receives. Each event carries its `scope` and `phase_code`; `phaseOf` derives them so the engine cannot get
 * them wrong. Providers never import this: they report through `ProviderReport` (@loom/contracts).
 */
import type { OutputStream, SectionName, SectionStatus } from '@loom/contracts';

export type Scope = 'run' | 'pipeline' | 'job' | 'step';

export type PhaseCode =
  | 'run.bootstrap'
  | 'run.pipeline_execute'
  | 'pipeline.execute'
  | 'run.finalize'
  | 'job.provider_prepare'
  | 'job.cache_restore'
  | 'job.execution'
  | 'job.artifact_restore'
  | 'job.cache_save'
  | 'job.cleanup'
  | 'step.execute';

export type JobStatus = 'success' | 'failed' | 'skipped';
export type RunStatus = 'success' | 'failure';
// One definition, in @loom/contracts; re-exported because events name it.
export type { ProviderKind } from '@loom/contracts';
import type { ProviderKind } from '@loom/contracts';

interface Base {
  /** Epoch milliseconds. */
  ts: number;
}

export interface RunStarted extends Base {
  type: 'run_started';
  runId: string;
  pipelineId: string;
  argv: string[];
  repoRoot: string;
  workflowPath: string;
  loomVersion: string;
  /** The plan's Graph IR (same object `loom compile` prints). */
  graphIr: unknown;
}
export interface SnapshotReady extends Base {
  type: 'snapshot_ready';
  path: string;
  headSha: string;
  /** The snapshot manifest (counts, skipped entries, bytes, duration). */
  manifest?: Record<string, unknown>;
}
export interface PipelineStarted extends Base {
  type: 'pipeline_started';
  /** Every runnable job, so the roster is complete even for jobs that never start. */
  jobs: { jobId: string; stage: string; provider: ProviderKind }[];
}
export interface PipelineFinished extends Base {
  type: 'pipeline_finished';
  status: RunStatus;
  exitCode: number;
}
export interface JobStarted extends Base {
  type: 'job_started';
  jobId: string;
  stage: string;
  provider: ProviderKind;
  image?: string;
  /** The commands of `script`, in order. */
  steps: string[];
}
export interface JobSkipped extends Base {
  type: 'job_skipped';
  jobId: string;
  stage: string;
  provider: ProviderKind;
  reason: string;
}
export interface JobFinished extends Base {
  type: 'job_finished';
  jobId: string;
  status: 'success' | 'failed';
  exitCode: number;
}
export interface SectionStarted extends Base {
  type: 'section_started';
  jobId: string;
  section: SectionName;
}
export interface SectionFinished extends Base {
  type: 'section_finished';
  jobId: string;
  section: SectionName;
  status: SectionStatus;
  data?: Record<string, unknown>;
}
export interface ExecutionStarted extends Base {
  type: 'execution_started';
  jobId: string;
}
export interface ExecutionFinished extends Base {
  type: 'execution_finished';
  jobId: string;
  status: JobStatus;
  exitCode: number;
}
export interface StepStarted extends Base {
  type: 'step_started';
  jobId: string;
  /** 1-based. */
  index: number;
  command: string;
}
export interface StepFinished extends Base {
  type: 'step_finished';
  jobId: string;
  index: number;
  status: 'success' | 'failed';
  exitCode: number;
  signal?: string;
}
/** One line of output: of a step (`index` set) or of a system section (`section` set). */
export interface OutputEvent extends Base {
  type: 'output';
  jobId: string;
  index?: number;
  section?: SectionName;
  stream: OutputStream;
  /** The raw line without its newline; decoding and masking happen at the sink. */
  bytes: Buffer;
  /** Added: `true` when a producer cut an over-long line and the next output event of the same stream
   * continues it. The masker then keeps per-stream state so a secret split at the cut is still caught. */
  partial?: boolean;
}
export interface NoteEvent extends Base {
  type: 'note';
  jobId?: string;
  section?: SectionName;
  /** Added: 1-based step index when the note belongs to a step. */
  index?: number;
  message: string;
  data?: Record<string, unknown>;
}
export interface WarningEvent extends Base {
  type: 'warning';
  jobId?: string;
  section?: SectionName;
  /** Added: 1-based step index when the warning belongs to a step. */
  index?: number;
  message: string;
  code?: string;
}
export interface ErrorEvent extends Base {
  type: 'error';
  jobId?: string;
  section?: SectionName;
  /** 1-based step index when the error belongs to a step. */
  index?: number;
  code: string;
  message: string;
  hint?: string;
}
export interface RunFinished extends Base {
  type: 'run_finished';
  status: RunStatus;
  exitCode: number;
  /** Run-level error (signal, invalid workflow, snapshot failure); never holds a secret. */
  error?: string;
}

export type LoomEvent =
  | RunStarted
  | SnapshotReady
  | PipelineStarted
  | PipelineFinished
  | JobStarted
  | JobSkipped
  | JobFinished
  | SectionStarted
  | SectionFinished
  | ExecutionStarted
  | ExecutionFinished
  | StepStarted
  | StepFinished
  | OutputEvent
  | NoteEvent
  | WarningEvent
  | ErrorEvent
  | RunFinished;

export type LoomEventType = LoomEvent['type'];

/** Anything that consumes the event stream: the run-record writer, the terminal reporter, a test recorder. */
export interface EventSink {
  emit(event: LoomEvent): void;
  /** Flushes and finishes; for the writer this writes summaries, manifests, the phase report and receipt. */
  close(): Promise<void>;
}
