/**
 * One line of any `events.jsonl` (runtime-logs.md §6). Every line repeats `schema_version` and the full
 * address (run, pipeline, scope, job, step, section, phase) so a line cut out of its file still says where
 * it came from. `seq` is one counter for the whole run: a line mirrored into two files keeps its `seq`, and
 * sorting every file's lines by `seq` gives the order the writer received the events.
 */
import { z } from 'zod';
import {
  LOGS_SCHEMA_VERSION,
  exitCodeSchema,
  phaseCodeSchema,
  phaseFamilySchema,
  pipelineIdSchema,
  providerSchema,
  runIdSchema,
  scopeSchema,
  sectionNameSchema,
  streamSchema,
  timestampSchema,
} from './common.js';

export const EVENT_KINDS = [
  'phase_start',
  'phase_finish',
  'job_start',
  'job_finish',
  'job_skip',
  'snapshot',
  'output',
  'note',
  'warning',
  'error',
] as const;

const base = {
  schema_version: z.literal(LOGS_SCHEMA_VERSION),
  ts: timestampSchema,
  seq: z.int().nonnegative(),
  run_id: runIdSchema,
  pipeline_id: pipelineIdSchema.nullable(),
  scope: scopeSchema,
  job_id: z.string().nullable(),
  step: z.int().positive().nullable(),
  section: sectionNameSchema.nullable(),
  phase_code: phaseCodeSchema,
  phase_family: phaseFamilySchema,
};

/** `success|failure` at run/pipeline scope, `success|failed|skipped` at job/step/section scope. */
const statusSchema = z.enum(['success', 'failure', 'failed', 'skipped']);
const dataSchema = z.record(z.string(), z.unknown());

export const eventLineSchema = z.discriminatedUnion('event', [
  z.object({
    ...base,
    event: z.literal('phase_start'),
    /** run.bootstrap: the CLI invocation and where it ran. */
    argv: z.array(z.string()).optional(),
    repo_root: z.string().optional(),
    workflow_path: z.string().optional(),
    loom_version: z.string().optional(),
    /** step.execute: the step's command (redacted). */
    command: z.string().optional(),
    /** run.finalize: the run's outcome, known when finalization starts. */
    status: statusSchema.optional(),
    exit_code: exitCodeSchema.optional(),
    message: z.string().optional(),
  }),
  z.object({
    ...base,
    event: z.literal('phase_finish'),
    status: statusSchema,
    exit_code: exitCodeSchema.optional(),
    signal: z.string().optional(),
    data: dataSchema.optional(),
  }),
  z.object({
    ...base,
    event: z.literal('job_start'),
    stage: z.string(),
    provider: providerSchema,
    image: z.string().nullable(),
    steps: z.int().nonnegative(),
  }),
  z.object({ ...base, event: z.literal('job_finish'), status: statusSchema, exit_code: exitCodeSchema }),
  z.object({ ...base, event: z.literal('job_skip'), stage: z.string(), provider: providerSchema, reason: z.string() }),
  z.object({
    ...base,
    event: z.literal('snapshot'),
    path: z.string(),
    head_sha: z.string(),
    data: dataSchema.optional(),
  }),
  z.object({
    ...base,
    event: z.literal('output'),
    stream: streamSchema,
    /** The line as text (invalid UTF-8 replaced by U+FFFD), redacted. A record has `line` or `lines`. */
    line: z.string().optional(),
    /** Several whole lines of this stream read in one millisecond, in order (README, "Output records"). */
    lines: z.array(z.string()).min(2).optional(),
    /** Only when the bytes were not valid UTF-8: the raw bytes (redacted byte-for-byte), base64. */
    line_b64: z.string().optional(),
    /** Only when the producer cut an over-long line: the next output line of this stream continues it. */
    partial: z.literal(true).optional(),
  }),
  z.object({ ...base, event: z.literal('note'), message: z.string(), data: dataSchema.optional() }),
  z.object({ ...base, event: z.literal('warning'), message: z.string(), warning_code: z.string().optional() }),
  z.object({
    ...base,
    event: z.literal('error'),
    error_code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
  }),
]);
export type EventLine = z.infer<typeof eventLineSchema>;
export type EventKind = (typeof EVENT_KINDS)[number];
