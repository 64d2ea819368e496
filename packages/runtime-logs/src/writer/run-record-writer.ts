/**
 * `createRunRecordWriter`: the EventSink that turns a run's events into `.loom/.runtime/logs/<run_id>/` and
 * `receipts/<run_id>.json` (runtime-logs.md). Events are handled synchronously in emit order; an I/O failure
 * stops writing and is reported by `close()`, never thrown at the engine.
 */
import { resolve } from 'node:path';
import { LoomError } from '@loom/errors';
import type { EventSink, LoomEvent } from '../events.js';
import { RUN_ID_PATTERN, logsDirOf, runReceiptPathOf, tmpDirOf } from '../layout.js';
import type { Masker } from '../masker.js';
import { type WriterContext, createContext } from './context.js';
import { finalize } from './finalize.js';
import * as job from './job-events.js';
import { createLineFiles } from './line-files.js';
import { mirrorRunRecord } from './mirror.js';
import { onMessage, onOutput } from './output.js';
import * as run from './run-events.js';
import type { RunState } from './state.js';

export interface RunRecordWriterOptions {
  /** `<repo>/.loom/.runtime`. */
  runtimeDir: string;
  /** `loom-run-local-<unix-ns>`. */
  runId: string;
  /** Applied to every string the writer writes. Register secrets on it at any time. */
  masker?: Masker;
  /** Other `.loom/.runtime` folders that receive a copy of the logs and the receipt at close. */
  mirrorDirs?: string[];
  /** How often buffered output reaches the files (ms). Default 200. */
  flushIntervalMs?: number;
  /** Epoch ms, for the finalize boundary when no event gives a time. Default `Date.now`. */
  now?: () => number;
}

export interface RunRecordWriter extends EventSink {
  readonly runId: string;
  /** Absolute `.loom/.runtime/logs/<run_id>`. */
  readonly logsDir: string;
  /** Absolute `.loom/.runtime/receipts/<run_id>.json`; exists once `close()` resolved. */
  readonly receiptPath: string;
}

function dispatch(ctx: WriterContext, e: LoomEvent): void {
  switch (e.type) {
    case 'output': return onOutput(ctx, e);
    case 'run_started': return run.onRunStarted(ctx, e);
    case 'snapshot_ready': return run.onSnapshotReady(ctx, e);
    case 'pipeline_started': return run.onPipelineStarted(ctx, e);
    case 'pipeline_finished': return run.onPipelineFinished(ctx, e);
    case 'job_started': return run.onJobStarted(ctx, e);
    case 'job_skipped': return run.onJobSkipped(ctx, e);
    case 'job_finished': return run.onJobFinished(ctx, e);
    case 'run_finished': return run.onRunFinished(ctx, e);
    case 'section_started': return job.onSectionStarted(ctx, e);
    case 'section_finished': return job.onSectionFinished(ctx, e);
    case 'execution_started': return job.onExecutionStarted(ctx, e);
    case 'execution_finished': return job.onExecutionFinished(ctx, e);
    case 'step_started': return job.onStepStarted(ctx, e);
    case 'step_finished': return job.onStepFinished(ctx, e);
    case 'note':
    case 'warning':
    case 'error':
      return onMessage(ctx, e);
  }
}

function writeFailed(cause: unknown): LoomError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LoomError('RUNTIME_LOGS_WRITE_FAILED', `could not write the run record: ${detail}`, {
    hint: 'check that .loom/.runtime is writable and the disk is not full',
    cause,
  });
}

export function createRunRecordWriter(options: RunRecordWriterOptions): RunRecordWriter {
  const { runId, masker, mirrorDirs = [], flushIntervalMs = 200, now = Date.now } = options;
  if (!RUN_ID_PATTERN.test(runId)) {
    throw new LoomError('RUNTIME_LOGS_BAD_RUN_ID', `run id ${JSON.stringify(runId)} is not loom-run-local-<unix-ns>`, {
      hint: 'build the run id as `loom-run-local-${clock.nowNs()}`',
    });
  }
  const runtimeDir = resolve(options.runtimeDir);
  const logsDir = logsDirOf(runtimeDir, runId);
  const receiptPath = runReceiptPathOf(runtimeDir, runId);
  const state: RunState = { runId, pipelineId: null, runPhase: 'run.bootstrap', bootstrapOpen: false, jobs: new Map(), startOrder: [], boundaries: [] };
  const files = createLineFiles(logsDir);
  const ctx = createContext(state, files, masker);
  let failure: LoomError | undefined;
  let closing: Promise<void> | undefined;

  const guard = (work: () => void): void => {
    if (failure !== undefined) return;
    try {
      work();
    } catch (cause) {
      failure = writeFailed(cause);
    }
  };
  // The run's events.jsonl exists from the start, so even a run killed at once leaves its folder.
  guard(() => files.get('events.jsonl'));
  const timer = setInterval(() => guard(() => files.flushAll()), flushIntervalMs);
  timer.unref();

  function finish(): void {
    clearInterval(timer);
    // Even after a failed write, try to leave summaries and the receipt: a full record beats none.
    try {
      const receiptFor = finalize(ctx, { logsDir, tmpDir: tmpDirOf(runtimeDir), receiptPath, now });
      for (const dir of mirrorDirs) {
        if (resolve(dir) !== runtimeDir) mirrorRunRecord(logsDir, runId, resolve(dir), receiptFor);
      }
    } catch (cause) {
      failure ??= writeFailed(cause);
    }
    if (failure !== undefined) throw failure;
  }

  return {
    runId,
    logsDir,
    receiptPath,
    emit(event) {
      if (closing === undefined) guard(() => dispatch(ctx, event));
    },
    close() {
      closing ??= new Promise<void>((done) => done(finish()));
      return closing;
    },
  };
}
