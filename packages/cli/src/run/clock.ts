/** The system clock and the run's ids (runtime-logs.md §3). */
import type { Clock } from '@loom/contracts';

/** Epoch nanoseconds: wall-clock milliseconds plus the monotonic clock's sub-millisecond digits. */
export function systemClock(): Clock {
  const anchorNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  return { now: () => Date.now(), nowNs: () => anchorNs + process.hrtime.bigint() };
}

export interface RunIds {
  runId: string;
  pipelineId: string;
}

/** `loom-run-local-<ns>` and `loom-local-<same ns>`. */
export function runIds(clock: Clock): RunIds {
  const ns = clock.nowNs().toString();
  return { runId: `loom-run-local-${ns}`, pipelineId: `loom-local-${ns}` };
}
