/**
 * The run record: the runtime-logs writer under `<repo>/.loom/.runtime/`, its masker (shared with the
 * terminal), and the record of a run that ended before the engine could start (usage error, invalid workflow).
 */
import { join } from 'node:path';
import { type Masker, type RunRecordWriter, type RunStarted, createMasker, createRunRecordWriter } from '@loom/runtime-logs/writer';
import type { Clock } from '@loom/contracts';
import type { LoomError } from '@loom/errors';

export interface RunRecord {
  writer: RunRecordWriter;
  masker: Masker;
}

export function runtimeDirOf(root: string): string {
  return join(root, '.loom', '.runtime');
}

/** The record this process is writing, so a second Ctrl-C can still finish it (`closeRecordNow`). */
let openRecord: RunRecordWriter | undefined;

export function openRunRecord(repoRoot: string, runId: string): RunRecord {
  const masker = createMasker();
  const writer = createRunRecordWriter({ runtimeDir: runtimeDirOf(repoRoot), runId, masker });
  openRecord = writer;
  return { writer, masker };
}

/**
 * Finishes the run record at once, for an exit that cannot wait (a second Ctrl-C): `run_finished` with the
 * signal's exit code, then the writer's close, whose work (summaries, manifests, phase report, receipt) is
 * synchronous. Jobs still running are closed as they stand. Before the engine's record exists, an early
 * record (run_started → error → run_finished) is written instead. Returns the receipt path, or undefined
 * when nothing could be written.
 */
export function closeRecordNow(ctx: RunContext, exitCode: number, message: string): string | undefined {
  try {
    if (openRecord === undefined) {
      void recordEarlyFailure(ctx, { code: 'RUN_INTERRUPTED', message, hint: 'the run was interrupted twice and exited without cleanup' }, exitCode).catch(() => undefined);
    } else {
      openRecord.emit({ type: 'run_finished', ts: ctx.clock.now(), status: 'failure', exitCode, error: message });
      void openRecord.close().catch(() => undefined);
    }
    return openRecord?.receiptPath;
  } catch {
    return undefined;
  }
}

/** The identities `run_started` carries, plus the clock. */
export type RunContext = Pick<RunStarted, 'runId' | 'pipelineId' | 'argv' | 'repoRoot' | 'workflowPath' | 'loomVersion'> & { clock: Clock };

/** The run's context plus when the command began (the status line's duration). */
export interface LocalRun extends RunContext {
  startedAt: number;
}

/**
 * A run that fails before its pipeline: `run_started` → `error` → `run_finished`, then the receipt. There is
 * no pipeline in such a record (its phase report says so); the receipt's `error` says why.
 */
export async function recordEarlyFailure(ctx: RunContext, failure: Pick<LoomError, 'code' | 'message' | 'hint'>, exitCode = 1): Promise<string> {
  const { writer } = openRunRecord(ctx.repoRoot, ctx.runId);
  const ts = ctx.clock.now();
  writer.emit({
    type: 'run_started',
    ts,
    runId: ctx.runId,
    pipelineId: ctx.pipelineId,
    argv: ctx.argv,
    repoRoot: ctx.repoRoot,
    workflowPath: ctx.workflowPath,
    loomVersion: ctx.loomVersion,
    graphIr: null,
  });
  writer.emit({ type: 'error', ts, code: failure.code, message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) });
  writer.emit({ type: 'run_finished', ts: ctx.clock.now(), status: 'failure', exitCode, error: failure.message });
  await writer.close();
  return writer.receiptPath;
}
