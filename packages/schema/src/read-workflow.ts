/** `readWorkflow`: the I/O shell around `parseWorkflow` (reads the file and the included templates). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseResult } from './model.js';
import { parseWorkflow } from './parse-workflow.js';

export function readWorkflow(path: string, repoRoot: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `create ${path}; the workflow file does not exist`
        : `make ${path} readable; reading it failed: ${code ?? (error instanceof Error ? error.message : String(error))}`;
    return { ok: false, issues: [{ code: 'WF_SCHEMA_V1', pointer: '', message, hint: message, file: path, line: 1, column: 1 }], warnings: [] };
  }
  return parseWorkflow(text, path, { readInclude: (include) => readInclude(repoRoot, include) });
}

/** Undefined for a missing file (an issue at the include entry); other read errors are thrown and reported. */
function readInclude(repoRoot: string, include: string): string | undefined {
  const file = resolve(repoRoot, include); // an absolute include stays as it is
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') throw new Error(`${include} is a directory`, { cause: error });
    throw error;
  }
}
