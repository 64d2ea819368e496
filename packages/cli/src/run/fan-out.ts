/**
 * One EventSink that feeds several. The writer never throws; a reporter bug must not cost the run its record,
 * so a sink that throws is reported once and then left out.
 */
import type { EventSink } from '@loom/runtime-logs';

export function fanOut(sinks: EventSink[], onSinkError: (error: unknown) => void): EventSink {
  const live = new Set(sinks);
  return {
    emit(event) {
      for (const sink of live) {
        try {
          sink.emit(event);
        } catch (error) {
          live.delete(sink);
          onSinkError(error);
        }
      }
    },
    async close() {
      const results = await Promise.allSettled(sinks.map((sink) => sink.close()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
