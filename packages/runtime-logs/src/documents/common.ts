/**
 * Identities and building blocks shared by every runtime-logs document (runtime-logs.md §2–3). The literal
 * values are contract: tools match on them.
 */
import { z } from 'zod';
import { JOB_STATUSES, RUN_STATUSES } from '../constants.js';
import { PHASE_CODES, PHASE_FAMILIES, SCOPES, SECTION_NAMES } from '../phases.js';

export { LOGS_SCHEMA_VERSION, V1, KINDS, RUN_STATUSES, JOB_STATUSES } from '../constants.js';

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
