/**
 * Append-only `events.jsonl` files. Lines are buffered per file and written whole: a flush hands the kernel
 * only complete lines, so a reader never sees a line cut by Loom. (A SIGKILL can still cut the one write that
 * is in flight at a page boundary; readers ignore a last line without its newline — see the README.)
 * Writes are synchronous: `EventSink.emit` is synchronous and lines must reach the file in emit order.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Flush a file's buffer once it holds this many UTF-16 units (≈ 64 KiB of mostly-ASCII JSON). */
const FLUSH_AT = 64 * 1024;

export interface LineFile {
  readonly rel: string;
  append(line: string): void;
  /**
   * Opens an output record: `head` is the line up to the stream's lines (`…"stream":"stdout",`), `literal` the
   * first line's JSON string. Later lines join it with `extendOutput` until anything else reaches the file.
   */
  openOutput(head: string, literal: string): void;
  /** Adds a line to the open output record; false when there is none (it was sealed by a flush or a line). */
  extendOutput(literal: string): boolean;
  flush(): void;
  close(): void;
}

export interface LineFiles {
  /** Opens (creating it and its folders) the file at `rel`, so it exists from the moment its scope starts. */
  get(rel: string): LineFile;
  flushAll(): void;
  closeAll(): void;
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

export function createLineFiles(root: string): LineFiles {
  const files = new Map<string, LineFile>();

  function openFile(rel: string): LineFile {
    const path = join(root, rel);
    let fd: number | undefined;
    let buffer = '';
    // The output record still taking lines: sealed into `buffer` before anything else is appended or written.
    let open: { head: string; literals: string[] } | undefined;
    let openSize = 0;
    const seal = (): void => {
      if (open === undefined) return;
      const { head, literals } = open;
      buffer += literals.length === 1 ? `${head}"line":${literals[0]}}\n` : `${head}"lines":[${literals.join(',')}]}\n`;
      open = undefined;
      openSize = 0;
    };
    const ensureOpen = (): number => {
      if (fd === undefined) {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a');
      }
      return fd;
    };
    ensureOpen();
    const writeBuffer = (): void => {
      if (buffer.length === 0) return;
      const data = Buffer.from(buffer, 'utf8');
      buffer = '';
      writeAll(ensureOpen(), data);
    };
    const file: LineFile = {
      rel,
      append(line) {
        seal();
        buffer += line;
        if (buffer.length >= FLUSH_AT) file.flush();
      },
      openOutput(head, literal) {
        seal();
        open = { head, literals: [literal] };
        openSize = head.length + literal.length;
        if (buffer.length >= FLUSH_AT) writeBuffer();
        if (openSize >= FLUSH_AT) file.flush();
      },
      extendOutput(literal) {
        if (open === undefined) return false;
        open.literals.push(literal);
        openSize += literal.length + 1;
        // A full batch is sealed and written; lines before it go out without cutting the batch short.
        if (openSize >= FLUSH_AT) file.flush();
        return true;
      },
      flush() {
        seal();
        writeBuffer();
      },
      close() {
        file.flush();
        if (fd !== undefined) closeSync(fd);
        fd = undefined;
      },
    };
    return file;
  }

  return {
    get(rel) {
      let file = files.get(rel);
      if (file === undefined) {
        file = openFile(rel);
        files.set(rel, file);
      }
      return file;
    },
    flushAll() {
      for (const file of files.values()) file.flush();
    },
    closeAll() {
      for (const file of files.values()) file.close();
    },
  };
}
