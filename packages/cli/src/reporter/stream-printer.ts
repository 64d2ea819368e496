/**
 * `--stream`: each step's output under a `[job] $ <command>` line, and service containers' logs kept out of
 * the job's stream — held per job and printed only when the job fails, each line labelled with the service's
 * alias (`[job] [db] …`), since a service's start-up chatter is not the job's output.
 */
import type { LoomEvent } from '@loom/runtime-logs';
import type { Paint } from './colour.js';

type Of<T extends LoomEvent['type']> = Extract<LoomEvent, { type: T }>;

/** Lines kept per job: a service's log is only for a failure's context. */
const MAX_SERVICE_LINES = 200;

export interface StreamPrinter {
  stepStarted(e: Of<'step_started'>): void;
  output(e: Of<'output'>): void;
  note(e: Of<'note'>): void;
  jobFinished(e: Of<'job_finished'>): void;
}

export function createStreamPrinter(print: (line: string) => void, paint: Paint): StreamPrinter {
  /** Per job: service lines, labelled once the note naming their service arrives. */
  const services = new Map<string, { alias?: string; text: string }[]>();
  return {
    stepStarted: (e) => print(`[${e.jobId}] ${paint.accent(`$ ${e.command}`)}`),
    output(e) {
      const text = e.bytes.toString('utf8');
      if (e.section !== 'services') return print(`[${e.jobId}] ${e.stream === 'stderr' ? paint.warn(text) : text}`);
      const lines = services.get(e.jobId) ?? [];
      if (lines.length < MAX_SERVICE_LINES) lines.push({ text });
      services.set(e.jobId, lines);
    },
    note(e) {
      // The provider reports a service's lines, then a note with its alias (provider-docker reportServices).
      const alias = e.data?.['alias'];
      if (e.section !== 'services' || typeof alias !== 'string' || e.jobId === undefined) return;
      for (const line of services.get(e.jobId) ?? []) line.alias ??= alias;
    },
    jobFinished(e) {
      const lines = services.get(e.jobId) ?? [];
      services.delete(e.jobId);
      if (e.status === 'success' || lines.length === 0) return;
      print(paint.dim(`[${e.jobId}] service logs (the job failed):`));
      for (const line of lines) print(`[${e.jobId}] ${paint.dim(`[${line.alias ?? 'service'}]`)} ${line.text}`);
    },
  };
}
