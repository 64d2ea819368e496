/**
 * The `job.execution` envelope: each `script` entry is one step, run to its end, in order; the first failing
 * step ends the job (gap 11). The provider does the shell (`sh -lc`, or `sh -x -c` under debug trace).
 */
import type { PreparedJob } from '@loom/contracts';
import { cancelReasonOf } from './cancellation.js';
import { type JobContext, type JobOutcome, errorFields } from './job-context.js';

async function runOneStep(ctx: JobContext, prepared: PreparedJob, index: number, command: string): Promise<number> {
  const jobId = ctx.planned.id;
  const provider = ctx.provider as NonNullable<JobContext['provider']>;
  ctx.emit({ type: 'step_started', jobId, index, command });
  let exitCode: number;
  let signal: string | undefined;
  try {
    const result = await provider.runStep(
      prepared,
      { index, command, debugTrace: ctx.debugTrace },
      (line) => ctx.emit({ type: 'output', ts: line.timestamp, jobId, index, stream: line.stream, bytes: line.bytes }),
      ctx.signal,
    );
    ({ exitCode, signal } = result);
  } catch (error) {
    ctx.emit({ type: 'error', jobId, index, ...errorFields(error, 'STEP_FAILED_TO_RUN') });
    exitCode = 1;
  }
  if (ctx.signal.aborted && exitCode !== 0) {
    const reason = cancelReasonOf(ctx.signal).message;
    ctx.emit({ type: 'error', jobId, index, code: 'RUN_CANCELLED', message: `step ${index} was stopped: ${reason}` });
  }
  const status = exitCode === 0 ? 'success' : 'failed';
  ctx.emit({ type: 'step_finished', jobId, index, status, exitCode, ...(signal ? { signal } : {}) });
  return exitCode;
}

export async function executePhase(ctx: JobContext, prepared: PreparedJob): Promise<JobOutcome> {
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'execution_started', jobId });
  let outcome: JobOutcome = { status: 'success', exitCode: 0 };
  const script = ctx.planned.job.script;
  for (let i = 0; i < script.length; i++) {
    if (ctx.signal.aborted) {
      const cancel = cancelReasonOf(ctx.signal);
      ctx.emit({ type: 'error', jobId, code: 'RUN_CANCELLED', message: `step ${i + 1} did not start: ${cancel.message}` });
      outcome = { status: 'failed', exitCode: cancel.exitCode };
      break;
    }
    const exitCode = await runOneStep(ctx, prepared, i + 1, script[i] as string);
    if (exitCode !== 0) {
      outcome = { status: 'failed', exitCode };
      break;
    }
  }
  ctx.emit({ type: 'execution_finished', jobId, ...outcome });
  return outcome;
}

/** A job whose prepare failed still closes the envelope (an always-present phase), with nothing run. */
export function skipExecution(ctx: JobContext): void {
  const jobId = ctx.planned.id;
  ctx.emit({ type: 'execution_started', jobId });
  ctx.emit({ type: 'execution_finished', jobId, status: 'skipped', exitCode: 1 });
}
