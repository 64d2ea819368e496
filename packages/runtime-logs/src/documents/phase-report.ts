/** `phase-report.json` (runtime-logs.md §7): coverage and ordering of the run's phase boundaries. */
import { z } from 'zod';
import { KINDS, V1, phaseCodeSchema, runIdSchema, scopeSchema, sectionNameSchema, timestampSchema } from './common.js';

/** Which boundary: the run's phases have neither job nor section nor step. */
const phaseKey = {
  scope: scopeSchema,
  phase_code: phaseCodeSchema,
  job_id: z.string().nullable(),
  section: sectionNameSchema.nullable(),
  step: z.int().positive().nullable(),
};

const phaseSeenSchema = z.object({ ...phaseKey, started: z.boolean(), finished: z.boolean() });
const phaseMissingSchema = z.object({
  ...phaseKey,
  /** `never_started`: an always-present phase has no boundary at all; `not_finished`: start, no finish. */
  problem: z.enum(['never_started', 'not_finished']),
});
const orderingViolationSchema = z.object({
  ...phaseKey,
  problem: z.enum(['finish_without_start', 'started_twice', 'out_of_order', 'outside_parent']),
  message: z.string(),
});

export const phaseReportSchema = z.object({
  schema_version: z.literal(V1),
  kind: z.literal(KINDS.phaseReport),
  run_id: runIdSchema,
  valid: z.boolean(),
  checked_at: timestampSchema,
  /** Jobs that never started; they are exempt from the job phase checks. */
  skipped_jobs: z.array(z.string()),
  phases_seen: z.array(phaseSeenSchema),
  missing: z.array(phaseMissingSchema),
  ordering_violations: z.array(orderingViolationSchema),
});
export type PhaseReport = z.infer<typeof phaseReportSchema>;
export type PhaseSeen = z.infer<typeof phaseSeenSchema>;
export type PhaseMissing = z.infer<typeof phaseMissingSchema>;
export type OrderingViolation = z.infer<typeof orderingViolationSchema>;
