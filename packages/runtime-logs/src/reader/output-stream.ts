/**
 * The output lines of one `events.jsonl`, read forwards in large chunks: a job's log of 100,000 lines is
 * printed in well under a second, never held in memory whole. Lines are as stored (already redacted).
 */
import { createReadStream } from 'node:fs';

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  line: string;
  /** A piece of a line cut by the writer: the next output line continues it. */
  partial: boolean;
}

const MARK = '"event":"output"';

/** Batches of output lines, in file order; an unfinished last line (a write a kill cut short) is ignored. */
export async function* readOutputLines(path: string): AsyncGenerator<OutputLine[]> {
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    const end = text.lastIndexOf('\n');
    carry = text.slice(end + 1);
    const batch = parseLines(text.slice(0, end + 1));
    if (batch.length > 0) yield batch;
  }
}

/**
 * Finds output records by their marker in the whole chunk rather than line by line: phase events are never
 * sliced or parsed, and an output line is cut out once.
 */
function parseLines(text: string): OutputLine[] {
  const found: OutputLine[] = [];
  for (let at = text.indexOf(MARK); at !== -1; ) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    const raw = text.slice(start, end);
    const lines = fastLines(raw) ?? slowLines(raw);
    if (lines) for (const line of lines) found.push(line);
    at = text.indexOf(MARK, end);
  }
  return found;
}

const STDOUT_HEAD = '"event":"output","stream":"stdout","line';
const STDERR_HEAD = '"event":"output","stream":"stderr","line';
const PARTIAL_TAIL = ',"partial":true}';
const B64_TAIL = /,"line_b64":"[A-Za-z0-9+/=]*"$/;

/**
 * The writer's own layout (`formatOutputLine`: stream, line, then optional line_b64 and partial, last; or a
 * batch: stream, then `lines` last): only the line's string literal (or the array) is parsed, about 3×
 * faster than the whole record. Anything else: `undefined`.
 */
function fastLines(raw: string): OutputLine[] | undefined {
  const stream = raw.includes(STDOUT_HEAD) ? 'stdout' : raw.includes(STDERR_HEAD) ? 'stderr' : undefined;
  if (stream === undefined) return undefined;
  const at = raw.indexOf(stream === 'stdout' ? STDOUT_HEAD : STDERR_HEAD) + STDOUT_HEAD.length;
  if (raw.startsWith('s":[', at)) return batchLines(stream, raw.slice(at + 3, -1));
  if (!raw.startsWith('":', at)) return undefined;
  const line = fastLine(stream, raw, at + 2);
  return line === undefined ? undefined : [line];
}

function batchLines(stream: 'stdout' | 'stderr', literal: string): OutputLine[] | undefined {
  try {
    const lines: unknown = JSON.parse(literal);
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === 'string')) return undefined;
    return (lines as string[]).map((line) => ({ stream, line, partial: false }));
  } catch {
    return undefined;
  }
}

function fastLine(stream: 'stdout' | 'stderr', raw: string, from: number): OutputLine | undefined {
  const partial = raw.endsWith(PARTIAL_TAIL);
  const literal = raw.slice(from, raw.length - (partial ? PARTIAL_TAIL.length : 1)).replace(B64_TAIL, '');
  // A JSON string without a backslash has no escapes: its text is between the quotes (most lines).
  if (!literal.includes('\\') && literal.length >= 2 && literal.startsWith('"') && literal.endsWith('"')) return { stream, line: literal.slice(1, -1), partial };
  try {
    const line: unknown = JSON.parse(literal);
    return typeof line === 'string' ? { stream, line, partial } : undefined;
  } catch {
    return undefined;
  }
}

function slowLines(raw: string): OutputLine[] | undefined {
  const record = JSON.parse(raw) as { event?: string; stream?: string; line?: unknown; lines?: unknown; partial?: boolean };
  if (record.event !== 'output') return undefined;
  const stream = record.stream === 'stderr' ? 'stderr' : 'stdout';
  const texts = outputTexts(record);
  if (texts === undefined) return undefined;
  return texts.map((line, i) => ({ stream, line, partial: record.partial === true && i === texts.length - 1 }));
}

/** The lines of an output record, `line` or `lines`; undefined when it has neither as strings. */
export function outputTexts(record: { line?: unknown; lines?: unknown }): string[] | undefined {
  if (typeof record.line === 'string') return [record.line];
  if (Array.isArray(record.lines) && record.lines.every((l) => typeof l === 'string')) return record.lines as string[];
  return undefined;
}
