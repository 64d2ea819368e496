/**
 * A job's output as plain text from its record (`loom logs`): `$ <command>` before each step, stdout lines as
 * they are, stderr lines marked `[stderr] `, the exit code of a failed step, and the errors of a failed
 * system section (e.g. the image could not be built). Everything is as the record stores it: redacted.
 */
import { join } from 'node:path';
import { type JobView, readEventLines, readOutputLines } from '@loom/runtime-logs/reader';
import type { TextOut } from './text-out.js';

const STDERR_MARK = '[stderr] ';

export interface JobLogOptions {
  /** Only this step (1-based). */
  step?: number;
  /** A `== job ==` line first (when several jobs are printed). */
  header: boolean;
}

export async function writeJobLog(logsDir: string, job: JobView, out: TextOut, options: JobLogOptions): Promise<void> {
  const { summary, manifest } = job;
  if (options.header) await out.write(`== ${job.id}: ${summary.status}${summary.exit_code === null ? '' : ` (exit ${summary.exit_code})`} ==\n`);
  if (summary.status === 'skipped' && options.step === undefined) return out.write(`skipped: ${summary.reason ?? 'did not run'}\n`);
  for (const step of manifest?.steps ?? []) {
    if (options.step !== undefined && step.index !== options.step) continue;
    await out.write(`$ ${step.command}\n`);
    if (step.events_path === null) await out.write('(not run)\n');
    else await writeOutput(join(logsDir, step.events_path), out);
    if (step.status === 'failed') await out.write(`exit code ${step.exit_code ?? 'unknown'}\n`);
    if (out.closed) return;
  }
  if (options.step === undefined) await writeSectionErrors(logsDir, job, out);
}

async function writeOutput(eventsPath: string, out: TextOut): Promise<void> {
  for await (const batch of readOutputLines(eventsPath)) {
    let text = '';
    for (const { stream, line, partial } of batch) text += `${stream === 'stderr' ? STDERR_MARK : ''}${line}${partial ? '' : '\n'}`;
    await out.write(text);
    if (out.closed) return;
  }
}

/** A job that failed outside its steps: the failing section's recorded errors. */
async function writeSectionErrors(logsDir: string, job: JobView, out: TextOut): Promise<void> {
  const failing = job.manifest?.failing_section;
  const section = job.manifest?.system_sections.find((s) => s.name === failing);
  if (!section) return;
  const lines = await readEventLines(join(logsDir, section.events_path)).catch(() => []);
  await out.write(`-- ${section.name} failed\n`);
  for (const line of lines) {
    if (line.event === 'error') await out.write(`${line.error_code}: ${line.message}\n${line.hint ? `  hint: ${line.hint}\n` : ''}`);
    else if (line.event === 'output') {
      const mark = line.stream === 'stderr' ? STDERR_MARK : '';
      for (const text of line.lines ?? [line.line ?? '']) await out.write(`${mark}${text}\n`);
    }
  }
}
