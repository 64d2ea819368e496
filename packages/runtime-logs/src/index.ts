/** `@loom/runtime-logs`: the run-record contract — events, documents, writer, masker, phase report. */
export type {
  Scope,
  PhaseCode,
  JobStatus,
  RunStatus,
  ProviderKind,
  RunStarted,
  SnapshotReady,
  PipelineStarted,
  PipelineFinished,
  JobStarted,
  JobSkipped,
  JobFinished,
  SectionStarted,
  SectionFinished,
  ExecutionStarted,
  ExecutionFinished,
  StepStarted,
  StepFinished,
  OutputEvent,
  NoteEvent,
  WarningEvent,
  ErrorEvent,
  RunFinished,
  LoomEvent,
  LoomEventType,
  EventSink,
} from './events.js';

export {
  SCOPES,
  PHASE_CODES,
  PHASE_FAMILIES,
  PHASE_FAMILY,
  PHASE_SCOPE,
  SECTION_NAMES,
  SECTION_PHASE,
  ALWAYS_PRESENT_RUN_PHASES,
  ALWAYS_PRESENT_JOB_PHASES,
  ALWAYS_PRESENT_SECTIONS,
  phaseOf,
} from './phases.js';
export type { PhaseFamily, PhaseInfo } from './phases.js';

export { LOGS_SCHEMA_VERSION, V1, KINDS, RUN_STATUSES, JOB_STATUSES, recordedErrorSchema } from './documents/common.js';
export type { RecordedError } from './documents/common.js';
export {
  runReceiptSchema,
  checkReceiptSchema,
  checkErrorSchema,
  executorReceiptSchema,
  cacheDiffSchema,
} from './documents/receipts.js';
export type { RunReceipt, CheckReceipt, CheckError, ExecutorReceipt, CacheDiff } from './documents/receipts.js';
export { runSummarySchema } from './documents/run-summary.js';
export type { RunSummary } from './documents/run-summary.js';
export { phaseReportSchema } from './documents/phase-report.js';
export type { PhaseReport, PhaseSeen, PhaseMissing, OrderingViolation } from './documents/phase-report.js';
export { pipelineSummarySchema, pipelineManifestSchema, rosterEntrySchema } from './documents/pipeline.js';
export type { PipelineSummary, PipelineManifest, RosterEntry, ArtifactPointer } from './documents/pipeline.js';
export { jobSummarySchema, jobManifestSchema, stepEntrySchema, sectionEntrySchema } from './documents/job.js';
export type { JobSummary, JobManifest, StepEntry, SectionEntry, JobArtifacts } from './documents/job.js';
export { stepSummarySchema, sectionSummarySchema } from './documents/step-section.js';
export type { StepSummary, SectionSummary } from './documents/step-section.js';
export { eventLineSchema, EVENT_KINDS } from './documents/event-line.js';
export type { EventLine, EventKind } from './documents/event-line.js';

export {
  EXECUTION_SECTION,
  stepLabel,
  logsDirOf,
  runReceiptPathOf,
  receiptsDirOf,
} from './layout.js';

export { listRunRecords, removeRunRecord, runIdStartMs } from './run-records.js';
export type { RunRecordEntry } from './run-records.js';

export { createMasker, redactionMarker, MIN_MASK_LENGTH } from './masker.js';
export type { Masker, MaskWarning } from './masker.js';

export { createRunRecordWriter } from './writer/run-record-writer.js';
export type { RunRecordWriter, RunRecordWriterOptions } from './writer/run-record-writer.js';

export { writeCheckReceipt, buildCheckReceipt, compactUtcStamp } from './check-receipt.js';
export type { CheckReceiptInput } from './check-receipt.js';

export { computePhaseReport } from './phase-report.js';
export type { Boundary, PhaseReportInput } from './phase-report.js';
