/**
 * `@loom/runtime-logs/reader`: read a run record without the writer. Walks the diagnostics ladder and
 * validates every document against the contract's schemas.
 */
export { readReceipt, findFailure } from './find-failure.js';
export type { FailureEvidence } from './find-failure.js';
export { readEventLines, tailOutputLines } from './event-lines.js';
export { readRunView, readStepSummaries } from './run-view.js';
export type { RunView, JobView } from './run-view.js';
export { readOutputLines } from './output-stream.js';
export type { OutputLine } from './output-stream.js';
export { listRuns } from './run-list.js';
export type { RunListing } from './run-list.js';
export type { EventLine, EventKind } from '../documents/event-line.js';
export type { RunReceipt, CheckReceipt, CheckError, ExecutorReceipt } from '../documents/receipts.js';
export type { RunSummary } from '../documents/run-summary.js';
export type { PipelineManifest, PipelineSummary, RosterEntry } from '../documents/pipeline.js';
export type { JobManifest, JobSummary, StepEntry, SectionEntry, JobArtifacts } from '../documents/job.js';
export type { StepSummary, SectionSummary } from '../documents/step-section.js';
export type { PhaseReport } from '../documents/phase-report.js';
export type { RecordedError } from '../documents/common.js';
