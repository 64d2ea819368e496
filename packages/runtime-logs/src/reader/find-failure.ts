/**
 * The diagnostics ladder (runtime-logs.md §9) as a function: receipt (or logs folder) → pipeline manifest
 * (`failing_job_id`) → job manifest (`failing_step_events_path` or the failing system section) → the tail of
 * that one `events.jsonl`. Reads only pointer fields, never guesses file names below the logs folder.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LoomError } from '@loom/errors';
import { type RecordedError } from '../documents/common.js';
import { type JobManifest, jobManifestSchema } from '../documents/job.js';
import { pipelineManifestSchema } from '../documents/pipeline.js';
import { type CheckReceipt, type RunReceipt, checkReceiptSchema, runReceiptSchema } from '../documents/receipts.js';
import { runSummarySchema } from '../documents/run-summary.js';
import { sectionSummarySchema, stepSummarySchema } from '../documents/step-section.js';
import { z } from 'zod';
import { readEventLines, tailOutputLines } from './event-lines.js';
import { readDocument } from './read-document.js';

export interface FailureEvidence {
  /** Absent when the run failed outside any job (e.g. the snapshot could not be built). */
  jobId?: string;
  /** `user/execution` for a step, a system section name (`provider`, `cleanup`, …), `job` or `run`. */
  section: string;
  stepIndex?: number;
  /** The failing step's command, redacted. */
  command?: string;
  exitCode?: number;
  /** Absolute path of the one `events.jsonl` to read. */
  eventsPath: string;
  /** The last output lines of that stream, oldest first. */
  lastLines: string[];
  /** The `error` events recorded there. */
  errors?: RecordedError[];
}

const anyReceiptSchema = z.discriminatedUnion('kind', [runReceiptSchema, checkReceiptSchema]);

/** Reads and validates a run or check receipt (tell them apart by `kind`). */
export async function readReceipt(path: string): Promise<RunReceipt | CheckReceipt> {
  return readDocument(path, anyReceiptSchema, 'receipt');
}

interface Located {
  logsDir: string;
  failed: boolean;
  runError?: string;
}

async function locate(target: string): Promise<Located> {
  const isDir = await stat(target).then((s) => s.isDirectory(), () => false);
  if (isDir) {
    const summary = await readDocument(join(target, 'summary.json'), runSummarySchema, 'run summary');
    return { logsDir: target, failed: summary.status === 'failure', runError: summary.error };
  }
  const receipt = await readReceipt(target);
  if (receipt.kind !== 'loom-run-local') {
    throw new LoomError('RUNTIME_LOGS_NOT_A_RUN', `${target} is a ${receipt.kind} receipt, which has no run record`, {
      hint: 'pass the receipt of `loom run --local` (receipts/loom-run-local-<ns>.json)',
      location: { file: target },
    });
  }
  return { logsDir: receipt.logs_dir, failed: receipt.status === 'failure', runError: receipt.error };
}

const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

async function runLevel(located: Located, lastLines: number): Promise<FailureEvidence> {
  const eventsPath = join(located.logsDir, 'events.jsonl');
  const lines = await readEventLines(eventsPath).catch(() => []);
  const errors: RecordedError[] = lines.flatMap((l) =>
    l.event === 'error' ? [{ code: l.error_code, message: l.message, ...(l.hint ? { hint: l.hint } : {}) }] : [],
  );
  if (located.runError !== undefined) errors.push({ code: 'RUN_ERROR', message: located.runError });
  return { section: 'run', eventsPath, lastLines: await tailOutputLines(eventsPath, lastLines), errors };
}

async function jobLevel(logsDir: string, job: JobManifest, lastLines: number): Promise<FailureEvidence> {
  const abs = (rel: string) => join(logsDir, rel);
  const step = job.steps.find((s) => s.events_path !== null && s.events_path === job.failing_step_events_path);
  if (step?.events_path && step.summary_path) {
    const summary = await readDocument(abs(step.summary_path), stepSummarySchema, 'step summary');
    return {
      jobId: job.job_id,
      section: job.failing_section ?? 'user/execution',
      stepIndex: step.index,
      command: step.command,
      exitCode: present(step.exit_code),
      eventsPath: abs(step.events_path),
      lastLines: await tailOutputLines(abs(step.events_path), lastLines),
      errors: summary.errors,
    };
  }
  const section = job.system_sections.find((s) => s.name === job.failing_section);
  if (section !== undefined) {
    const summary = await readDocument(abs(section.summary_path), sectionSummarySchema, 'section summary');
    return {
      jobId: job.job_id,
      section: section.name,
      exitCode: present(job.exit_code),
      eventsPath: abs(section.events_path),
      lastLines: await tailOutputLines(abs(section.events_path), lastLines),
      errors: summary.errors,
    };
  }
  return {
    jobId: job.job_id,
    section: 'job',
    exitCode: present(job.exit_code),
    eventsPath: abs(job.events_path),
    lastLines: await tailOutputLines(abs(job.events_path), lastLines),
  };
}

/**
 * Walks the ladder from a run receipt path or a `.loom/.runtime/logs/<run_id>` folder. Resolves to
 * `undefined` for a passing run; throws a LoomError (with a hint) when a file is missing or invalid.
 */
export async function findFailure(
  target: string,
  options: { lastLines?: number } = {},
): Promise<FailureEvidence | undefined> {
  const lastLines = options.lastLines ?? 20;
  const located = await locate(target);
  if (!located.failed) return undefined;
  const manifestPath = join(located.logsDir, 'pipeline', 'manifest.json');
  const hasPipeline = await stat(manifestPath).then(() => true, () => false);
  if (!hasPipeline) return runLevel(located, lastLines);
  const pipeline = await readDocument(manifestPath, pipelineManifestSchema, 'pipeline manifest');
  if (pipeline.failing_job_manifest_path === null) return runLevel(located, lastLines);
  const job = await readDocument(
    join(located.logsDir, pipeline.failing_job_manifest_path),
    jobManifestSchema,
    'job manifest',
  );
  return jobLevel(located.logsDir, job, lastLines);
}
