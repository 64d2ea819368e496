/**
 * Output lines (the hot path) and note/warning/error messages. Output goes to its step's or section's
 * stream only; step messages are mirrored into `user/execution/events.jsonl`.
 */
import { isUtf8 } from 'node:buffer';
import type { ErrorEvent, NoteEvent, OutputEvent, WarningEvent } from '../events.js';
import { EVENTS_FILE, jobDir } from '../layout.js';
import type { WriterContext } from './context.js';
import { sectionOf, stepOf } from './job-events.js';
import { addressOf, formatOutputHead, formatOutputLine } from './lines.js';
import { jobOf } from './run-events.js';
import { type JobState, type OutputTarget, newTarget } from './state.js';

type Located = { jobId: string; index?: number; section?: OutputEvent['section'] };

/** A job-level message or line with neither step nor section goes to what is open in the job, else the job file. */
function openTarget(ctx: WriterContext, job: JobState): OutputTarget {
  const open = <T extends { startedTs?: number; finishedTs?: number }>(items: Iterable<T>): T | undefined =>
    [...items].reverse().find((item) => item.startedTs !== undefined && item.finishedTs === undefined);
  const found = open(job.steps.values()) ?? open(job.sections.values());
  if (found !== undefined) return found;
  if (job.jobTarget === undefined) {
    job.file ??= ctx.files.get(`${jobDir(job.jobId)}/${EVENTS_FILE}`);
    const address = addressOf('job.execution', { job_id: job.jobId });
    job.jobTarget = newTarget(job.file, address, ctx.fragment(address));
  }
  return job.jobTarget;
}

function targetOf(ctx: WriterContext, e: Located): OutputTarget {
  const job = jobOf(ctx, e.jobId);
  if (e.index !== undefined) return stepOf(ctx, job, e.index);
  if (e.section !== undefined) return sectionOf(ctx, job, e.section);
  return openTarget(ctx, job);
}

export function onOutput(ctx: WriterContext, e: OutputEvent): void {
  const target = targetOf(ctx, e);
  const stream = e.stream === 'stderr' ? 'stderr' : 'stdout';
  const partial = e.partial === true;
  const wasPartial = target.partial[stream];
  target.partial[stream] = partial;
  if (!partial) target.outputLines++;
  let text = e.bytes.toString('utf8');
  const masker = ctx.masker;
  let b64: string | undefined;
  // Decoding replaced invalid bytes by U+FFFD; keep the raw bytes too (a piece of a cut line is not decodable
  // on its own, so pieces carry text only).
  if (!partial && !wasPartial && text.includes('\uFFFD') && !isUtf8(e.bytes)) {
    b64 = (masker === undefined ? e.bytes : masker.maskBytes(e.bytes)).toString('base64');
  }
  if (masker !== undefined && masker.size > 0) {
    if (partial || wasPartial) {
      text = masker.maskChunk(target.maskKeys[stream], text);
      if (!partial) text += masker.flush(target.maskKeys[stream]);
    } else {
      text = masker.maskText(text);
    }
  }
  const iso = ctx.iso(e.ts);
  if (b64 !== undefined || partial || wasPartial) {
    target.file.append(formatOutputLine(iso, ctx.nextSeq(), target.fragment, stream, text, b64, partial));
    return;
  }
  appendToBatch(ctx, target, stream, iso, JSON.stringify(text));
}

/**
 * Consecutive whole lines of one stream read in the same millisecond, with no other line of the run between
 * them, share one record (`lines`): the envelope is written once per burst, not once per line (README,
 * "Output records"). `seq` stays a total order: nothing else took a seq while the batch was open.
 */
function appendToBatch(ctx: WriterContext, target: OutputTarget, stream: 'stdout' | 'stderr', iso: string, literal: string): void {
  const open = target.batch;
  if (open !== undefined && open.stream === stream && open.iso === iso && open.seq === ctx.lastSeq() && target.file.extendOutput(literal)) return;
  const seq = ctx.nextSeq();
  target.file.openOutput(formatOutputHead(iso, seq, target.fragment, stream), literal);
  target.batch = { stream, iso, seq };
}

/** Ends the cut lines a step or section left open: the masker's held-back tail becomes the line's last piece. */
export function flushPartials(ctx: WriterContext, target: OutputTarget, ts: number): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (!target.partial[stream]) continue;
    target.partial[stream] = false;
    target.outputLines++;
    const held = ctx.masker === undefined ? '' : ctx.masker.flush(target.maskKeys[stream]);
    if (held === '') continue;
    target.file.append(formatOutputLine(ctx.iso(ts), ctx.nextSeq(), target.fragment, stream, held, undefined, false));
  }
}

type Message = NoteEvent | WarningEvent | ErrorEvent;

function messageFields(ctx: WriterContext, e: Message): Record<string, unknown> {
  const message = ctx.mask(e.message);
  if (e.type === 'note') return { message, data: ctx.maskDeep(e.data) };
  if (e.type === 'warning') return { message, warning_code: ctx.maskOptional(e.code) };
  return { error_code: ctx.mask(e.code), message, hint: ctx.maskOptional(e.hint) };
}

export function onMessage(ctx: WriterContext, e: Message): void {
  const fields = messageFields(ctx, e);
  const kind = e.type;
  if (e.jobId === undefined) {
    ctx.write([ctx.files.get(EVENTS_FILE)], addressOf(ctx.state.runPhase), e.ts, kind, fields);
    return;
  }
  const target = targetOf(ctx, { jobId: e.jobId, index: e.index, section: e.section });
  if (kind === 'error') {
    const hint = fields.hint as string | undefined;
    target.errors.push({ code: fields.error_code as string, message: fields.message as string, ...(hint ? { hint } : {}) });
  }
  // The mirror of a step's lines in the execution stream.
  const mirror = target.address.step === null ? undefined : jobOf(ctx, e.jobId).executionFile;
  ctx.write([target.file, mirror], target.address, e.ts, kind, fields);
}
