/**
 * Identities and building blocks shared by every runtime-logs document (runtime-logs.md §2–3). The literal
 * values are contract: tools match on them.
 */
import { z } from 'zod';
import { PHASE_CODES, PHASE_FAMILIES, SCOPES, SECTION_NAMES } from '../phases.js';

/** `schema_version` of every `events.jsonl` line and every `pipeline/*.json` and `jobs/**\/*.json`. */
export const LOGS_SCHEMA_VERSION = 'loom.runtime.logs.v2';
/** `schema_version` of receipts, the run-level `summary.json` and `phase-report.json`. */
export const V1 = 'v1';

/** `kind` of every document. The v2 ones are our decision (the spec leaves them open). */
export const KINDS = {
  runReceipt: 'loom-run-local',
  checkReceipt: 'loom-check',
  runSummary: 'loom-run-local-logs',
  phaseReport: 'loom-run-local-phase-report',
  pipelineSummary: 'loom-pipeline-summary',
  pipelineManifest: 'loom-pipeline-manifest',
  jobSummary: 'loom-job-summary',
  jobManifest: 'loom-job-manifest',
  stepSummary: 'loom-step-summary',
  sectionSummary: 'loom-section-summary',
} as const;

export const RUN_STATUSES = ['success', 'failure'] as const;
export const JOB_STATUSES = ['success', 'failed', 'skipped'] as const;

export const runStatusSchema = z.enum(RUN_STATUSES);
export const jobStatusSchema = z.enum(JOB_STATUSES);
export const scopeSchema = z.enum(SCOPES);
export const phaseCodeSchema = z.enum(PHASE_CODES);
export const phaseFamilySchema = z.enum(PHASE_FAMILIES);
export const sectionNameSchema = z.enum(SECTION_NAMES);
export const providerSchema = z.enum(['host', 'docker']);
export const streamSchema = z.enum(['stdout', 'stderr']);

/** RFC 3339 UTC with milliseconds, as `Date#toISOString` writes it. */
export const timestampSchema = z.iso.datetime({ precision: 3 });
export const nullableTimestampSchema = timestampSchema.nullable();
export const exitCodeSchema = z.int().nullable();
export const durationSchema = z.int().nonnegative().nullable();

/** A path relative to the run's logs directory (never absolute, never `..`). */
export const relPathSchema = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be relative to the logs directory');
export const absPathSchema = z.string().refine((p) => p.startsWith('/'), 'must be an absolute path');

export const runIdSchema = z.string().regex(/^loom-run-local-\d+$/);
export const pipelineIdSchema = z.string().regex(/^loom-local-\d+$/);

/** An error recorded in a summary: the `error` events of that step or section. */
export const recordedErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});
export type RecordedError = z.infer<typeof recordedErrorSchema>;
