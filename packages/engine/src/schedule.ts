/**
 * The `pipeline.execute` loop: ask the planner's Scheduler what is ready, start it, record what it skips, and
 * re-ask whenever a job ends — so a job starts the moment its waits are met (eager start across stages), not
 * when its stage begins. `concurrency` bounds the jobs past their prepare (slots.ts); twice as many may be in
 * flight, so the next jobs' containers boot while others run their steps.
 */
import { createScheduler, type Plan, type PlannedJob } from '@loom/planner';
import { cancelledSkipReason } from './cancellation.js';
import type { Emit } from './emit.js';
import type { JobOutcome } from './job-context.js';
import type { JobRunner } from './run-job.js';
import { createStepSlots } from './slots.js';

export interface ScheduleInput {
  plan: Plan;
  concurrency: number;
  signal: AbortSignal;
  emit: Emit;
  runJob: JobRunner;
}

/** Only the failures decide the pipeline's status; the record and the terminal count the rest from events. */
export interface ScheduleResult {
  failed: number;
}

/** Defensive: a job the scheduler never handed out (it should not happen) is still recorded. */
const NEVER_READY = 'not run: its waits were never met';

export function runSchedule(input: ScheduleInput): Promise<ScheduleResult> {
  const { plan, signal, emit, runJob } = input;
  const concurrency = Math.max(1, Math.floor(input.concurrency));
  const inFlight = 2 * concurrency;
  const slots = createStepSlots(concurrency);
  const scheduler = createScheduler(plan);
  const queue: PlannedJob[] = [];
  const handled = new Set<string>();
  const result: ScheduleResult = { failed: 0 };
  let running = 0;
  let finished = false;

  return new Promise((resolve) => {
    const skip = (job: PlannedJob, reason: string): void => {
      handled.add(job.id);
      emit({ type: 'job_skipped', jobId: job.id, stage: job.stage, provider: job.provider, reason });
    };

    const settle = (job: PlannedJob, outcome: JobOutcome): void => {
      running -= 1;
      if (outcome.status === 'success') {
        scheduler.markSucceeded(job.id);
      } else {
        result.failed += 1;
        scheduler.markFailed(job.id);
      }
      pump();
    };

    const start = (job: PlannedJob): void => {
      handled.add(job.id);
      running += 1;
      runJob(job, slots).then(
        (outcome) => settle(job, outcome),
        // runJob ends every job itself; a rejection is a bug, still counted as a failure so the run ends.
        () => settle(job, { status: 'failed', exitCode: 1 }),
      );
    };

    function pump(): void {
      if (finished) return;
      const cancelled = signal.aborted;
      const step = scheduler.next();
      for (const { job, reason } of step.skipped) skip(job, cancelled ? cancelledSkipReason(signal) : reason);
      queue.push(...step.ready);
      if (cancelled) for (const job of queue.splice(0)) skip(job, cancelledSkipReason(signal));
      while (running < inFlight && queue.length > 0) start(queue.shift() as PlannedJob);
      if (running > 0) return;
      finished = true;
      signal.removeEventListener('abort', pump);
      for (const job of plan.jobs) if (!handled.has(job.id)) skip(job, cancelled ? cancelledSkipReason(signal) : NEVER_READY);
      resolve(result);
    }

    // Queued jobs are skipped at once on cancel, not when the running ones end.
    signal.addEventListener('abort', pump, { once: true });
    pump();
  });
}
