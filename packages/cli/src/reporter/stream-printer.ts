/**
 * `--stream`: each step's output under a `[job] $ <command>` line, and service containers' logs kept out of
 * the job's stream — held per job and printed only when the job fails, each line labelled with the service's
 * alias (`[job] [db] …`), since a service's start-up chatter is not the job's output. The Docker provider
 * reports a service's log twice: its first lines in `services` (each service's lines, then a note naming its
 * alias) and its last lines in `cleanup` (a note `last N log lines of service <alias>:`, then the lines);
 * when the job fails the last lines are shown, or the first ones for a service without a tail.
 */
import type { LoomEvent } from '@loom/runtime-logs';
import type { Paint } from './colour.js';

type Of<T extends LoomEvent['type']> = Extract<LoomEvent, { type: T }>;

/** Lines kept per job and kind: a service's log is only for a failure's context. */
const MAX_SERVICE_LINES = 200;
const TAIL_NOTE = /^last \d+ log lines of service (.+):$/;

interface ServiceLog {
  first: { alias?: string; text: string }[];
  last: { alias: string; text: string }[];
  /** The alias the cleanup note just named: the cleanup output lines that follow are its tail. */
  tailOf?: string;
}

export interface StreamPrinter {
  stepStarted(e: Of<'step_started'>): void;
  output(e: Of<'output'>): void;
  note(e: Of<'note'>): void;
  jobFinished(e: Of<'job_finished'>): void;
}

export function createStreamPrinter(print: (line: string) => void, paint: Paint): StreamPrinter {
  const logs = new Map<string, ServiceLog>();
  const logOf = (jobId: string): ServiceLog => logs.get(jobId) ?? logs.set(jobId, { first: [], last: [] }).get(jobId)!;
  return {
    stepStarted: (e) => print(`[${e.jobId}] ${paint.accent(`$ ${e.command}`)}`),
    output(e) {
      const text = e.bytes.toString('utf8');
      if (e.section === 'services') {
        const log = logOf(e.jobId);
        if (log.first.length < MAX_SERVICE_LINES) log.first.push({ text });
      } else if (e.section === 'cleanup' && logs.get(e.jobId)?.tailOf !== undefined) {
        const log = logOf(e.jobId);
        if (log.last.length < MAX_SERVICE_LINES) log.last.push({ alias: log.tailOf!, text });
      } else {
        print(`[${e.jobId}] ${e.stream === 'stderr' ? paint.warn(text) : text}`);
      }
    },
    note(e) {
      if (e.jobId === undefined) return;
      const alias = e.data?.['alias'];
      if (e.section === 'services' && typeof alias === 'string') for (const line of logOf(e.jobId).first) line.alias ??= alias;
      if (e.section === 'cleanup') logOf(e.jobId).tailOf = TAIL_NOTE.exec(e.message)?.[1];
    },
    jobFinished(e) {
      const log = logs.get(e.jobId);
      logs.delete(e.jobId);
      if (e.status === 'success' || log === undefined) return;
      const tailed = new Set(log.last.map((l) => l.alias));
      const lines = [...log.first.filter((l) => !tailed.has(l.alias ?? '')), ...log.last];
      if (lines.length === 0) return;
      print(paint.dim(`[${e.jobId}] service logs (the job failed):`));
      for (const line of lines) print(`[${e.jobId}] ${paint.dim(`[${line.alias ?? 'service'}]`)} ${line.text}`);
    },
  };
}
