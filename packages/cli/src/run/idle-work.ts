/**
 * Work the run needs done but not at once, started while the first job's cleanup waits for the daemon (or
 * for the host's processes to end): a moment the thread is idle anyway. At start-up the same work would
 * compete for the CPU with the daemon starting the first container (~40 ms of a one-job run for retention
 * alone); at the end it would delay the exit.
 */
import type { EventSink } from '@loom/runtime-logs';

export function idleWork(work: () => void): EventSink {
  let started = false;
  return {
    emit(event) {
      if (started || event.type !== 'section_started' || event.section !== 'cleanup') return;
      started = true;
      work();
    },
    async close() {},
  };
}

/** The HTML report (`reportOf`) and the zod schemas its reader checks documents with: ~35 ms to load. */
export function preloadReport(): void {
  void import('../report/write-report.js').catch(() => undefined); // a failure shows when the report is written
}
