/**
 * The HTML report is written after the last job (`reportOf`); its code and the zod schemas its reader checks
 * documents with take ~35 ms to load. Loaded at start-up they delay the first container's prepare; loaded at
 * the end they delay the exit. So they load while the first job's cleanup waits for the daemon (or the host's
 * processes to end): a thread that is idle anyway.
 */
import type { EventSink } from '@loom/runtime-logs';

export function reportPreloader(): EventSink {
  let started = false;
  return {
    emit(event) {
      if (started || event.type !== 'section_started' || event.section !== 'cleanup') return;
      started = true;
      void import('../report/write-report.js').catch(() => undefined); // a failure shows when the report is written
    },
    async close() {},
  };
}
