/**
 * Reading `events.jsonl`. A line counts once it ends with `\n`: a last line without one is a write that a
 * kill cut short and is ignored, as the README specifies.
 */
import { open, readFile } from 'node:fs/promises';
import { LoomError } from '@loom/errors';
import { type EventLine, eventLineSchema } from '../documents/event-line.js';
import { outputTexts } from './output-stream.js';

function parseLine(text: string, path: string, lineNo: number): EventLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw badLine(path, lineNo, 'is not JSON', cause);
  }
  const parsed = eventLineSchema.safeParse(json);
  if (!parsed.success) throw badLine(path, lineNo, `does not match the contract: ${parsed.error.issues[0]?.message}`, parsed.error);
  return parsed.data;
}

function badLine(path: string, lineNo: number, detail: string, cause: unknown): LoomError {
  return new LoomError('RUNTIME_LOGS_INVALID', `line ${lineNo} of ${path} ${detail}`, {
    hint: 'the file was not written by a compatible Loom, or was edited',
    location: { file: path, line: lineNo },
    cause,
  });
}

/** Every complete line of an `events.jsonl`, validated. */
export async function readEventLines(path: string): Promise<EventLine[]> {
  const text = await readFile(path, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  return complete
    .split('\n')
    .slice(0, -1)
    .map((line, i) => parseLine(line, path, i + 1));
}

const CHUNK = 64 * 1024;
type Handle = Awaited<ReturnType<typeof open>>;

async function readRange(handle: Handle, start: number, end: number): Promise<Buffer> {
  const chunk = Buffer.alloc(end - start);
  await handle.read(chunk, 0, chunk.length, start);
  return chunk;
}

/** The offset just past the file's last newline: everything after it is an unfinished line. */
async function completeEnd(handle: Handle, size: number): Promise<number> {
  for (let end = size; end > 0; end -= CHUNK) {
    const start = Math.max(0, end - CHUNK);
    const nl = (await readRange(handle, start, end)).lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
  }
  return 0;
}

/**
 * The text of the last `count` output lines, oldest first, reading the file backwards so a huge step log
 * costs only its tail. Pieces of a cut line (`partial: true`) are joined back into one line.
 */
export async function tailOutputLines(path: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const handle = await open(path, 'r');
  try {
    const lines: string[] = [];
    let end = await completeEnd(handle, (await handle.stat()).size);
    // Bytes of the line that straddles the chunk boundary, split on bytes so UTF-8 is never cut.
    let carry = Buffer.alloc(0);
    while (end > 0 && lines.length <= count) {
      const start = Math.max(0, end - CHUNK);
      const data = Buffer.concat([await readRange(handle, start, end), carry]);
      let pos = data[data.length - 1] === 0x0a ? data.length - 1 : data.length;
      carry = Buffer.alloc(0);
      while (pos >= 0 && lines.length <= count) {
        const nl = pos === 0 ? -1 : data.lastIndexOf(0x0a, pos - 1);
        if (nl === -1 && start > 0) {
          carry = data.subarray(0, pos);
          break;
        }
        collect(data.subarray(nl + 1, pos).toString('utf8'), lines);
        if (nl === -1) break;
        pos = nl;
      }
      end = start;
    }
    return lines.slice(0, count).reverse();
  } finally {
    await handle.close();
  }
}

/** Adds one line of the file (walking backwards) to `lines` (newest first) if it is output. */
function collect(text: string, lines: string[]): void {
  if (text === '' || !text.includes('"event":"output"')) return;
  const record = JSON.parse(text) as { event?: string; line?: unknown; lines?: unknown; partial?: boolean };
  const texts = record.event === 'output' ? outputTexts(record) : undefined;
  if (texts === undefined) return;
  if (texts.length > 1) {
    for (let i = texts.length - 1; i >= 0; i--) lines.push(texts[i] as string);
    return;
  }
  const line = texts[0] as string;
  if (record.partial === true && lines.length > 0) lines[lines.length - 1] = line + lines[lines.length - 1];
  else lines.push(line);
}
