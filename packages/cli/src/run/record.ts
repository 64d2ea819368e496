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

export function openRunRecord(repoRoot: string, runId: string): RunRecord {
  const masker = createMasker();
  const writer = createRunRecordWriter({ runtimeDir: runtimeDirOf(repoRoot), runId, masker });
  return { writer, masker };
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
export async function recordEarlyFailure(ctx: RunContext, failure: Pick<LoomError, 'code' | 'message' | 'hint'>): Promise<string> {
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
  writer.emit({ type: 'run_finished', ts: ctx.clock.now(), status: 'failure', exitCode: 1, error: failure.message });
  await writer.close();
  return writer.receiptPath;
}
