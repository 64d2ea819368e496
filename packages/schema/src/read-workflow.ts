/** `readWorkflow`: the I/O shell around `parseWorkflow` (reads the file and the included templates). */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseResult } from './model.js';
import { MAX_FILE_BYTES } from './limits.js';
import { parseWorkflow } from './parse-workflow.js';
import { EscapingPathError, escapesRepository } from './workspace-fs.js';

export function readWorkflow(path: string, repoRoot: string): ParseResult {
  let text: string;
  try {
    text = readBounded(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `create ${path}; the workflow file does not exist`
        : `make ${path} readable; reading it failed: ${code ?? (error instanceof Error ? error.message : String(error))}`;
    return { ok: false, issues: [{ code: 'WF_SCHEMA_V1', pointer: '', message, hint: message, file: path, line: 1, column: 1 }], warnings: [] };
  }
  return parseWorkflow(text, path, { readInclude: (include) => readInclude(repoRoot, include), escapes: (rel) => escapesRepository(repoRoot, rel) });
}

/** Undefined for a missing file (an issue at the include entry); other read errors are thrown and reported. */
function readInclude(repoRoot: string, include: string): string | undefined {
  const file = resolve(repoRoot, include); // an absolute include stays as it is
  const real = escapesRepository(repoRoot, include);
  if (real !== undefined) throw new EscapingPathError(include, real);
  try {
    return readBounded(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') throw new Error(`${include} is a directory`, { cause: error });
    throw error;
  }
}

/**
 * The file's text, or for a file over the size limit just enough of it for parseWorkflow to report where
 * the limit is crossed (a 2 GB file is not read into memory to be refused).
 */
function readBounded(path: string): string {
  const fd = openSync(path, 'r');
  try {
    if (fstatSync(fd).size <= MAX_FILE_BYTES) return readFileSync(fd, 'utf8');
    const head = Buffer.alloc(MAX_FILE_BYTES + 4);
    const read = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
