/**
 * `@loom/runtime-logs/writer`: everything a producer of run records needs — the event vocabulary, the identity
 * constants, the masker, the run record writer and the check receipt — without the zod document schemas, so
 * `loom check` and `loom run` start without loading zod. The main entry re-exports all of this too.
 */
// The event vocabulary (events.ts holds types only): LoomEvent and each member, EventSink, Scope, PhaseCode…
export type * from '../events.js';
export { LOGS_SCHEMA_VERSION, V1, KINDS, RUN_STATUSES, JOB_STATUSES } from '../constants.js';
export type { CheckError } from '../documents/receipts.js';
export { createMasker, redactionMarker, MIN_MASK_LENGTH } from '../masker.js';
export type { Masker, MaskWarning } from '../masker.js';
export { createRunRecordWriter } from './run-record-writer.js';
export type { RunRecordWriter, RunRecordWriterOptions } from './run-record-writer.js';
export { writeCheckReceipt, buildCheckReceipt, compactUtcStamp } from '../check-receipt.js';
// Where a job's artifacts go (the engine extracts them; the writer only points at them).
export { artifactsDir, artifactsArchive } from '../layout.js';
export type { CheckReceiptInput } from '../check-receipt.js';
