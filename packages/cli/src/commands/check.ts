/**
 * `loom check` (cli.md): validates `<repo root>/.loom/workflow.yml` — schema and planner rules, every issue —
 * writes the check receipt in every case, and prints only to stderr. No flags (cac rejects unknown ones).
 */
import { join, relative, resolve } from 'node:path';
import { formatLoomError, isLoomError } from '@loom/errors';
import { writeCheckReceipt, type CheckError } from '@loom/runtime-logs/writer';
import type { WorkflowIssue } from '@loom/schema';
import { loadWorkflow, printLines } from '../load-workflow.js';
import { requireRepoRoot } from '../repo-root.js';
import { loomVersion } from '../version.js';

export async function checkCommand(argv: string[]): Promise<number> {
  try {
    return await check(argv);
  } catch (error) {
    // User-facing failures (no repository, receipt not writable) end like any failed check; anything else
    // is an internal error and goes to main's handler with its stack.
    if (!isLoomError(error)) throw error;
    process.stderr.write(`${formatLoomError(error)}\nloom check failed (exit code 1)\n`);
    return 1;
  }
}

async function check(argv: string[]): Promise<number> {
  const repoRoot = requireRepoRoot(process.cwd());
  const workflowPath = join(repoRoot, '.loom', 'workflow.yml');
  const loaded = await loadWorkflow({ workflowPath, repoRoot });
  const issues = loaded.ok ? [] : loaded.issues;
  const lines = loaded.ok ? [] : loaded.lines;
  const exitCode = issues.length === 0 ? 0 : 1;
  printLines(loaded.warningLines);
  let receipt: string;
  try {
    receipt = await writeCheckReceipt({
      repoRoot,
      loomVersion: loomVersion(),
      command: ['loom', ...argv],
      workflowPath,
      errors: issues.map((issue) => receiptError(issue, repoRoot)),
      exitCode,
      now: new Date(),
      pid: process.pid,
    });
  } catch (error) {
    // Still say what was wrong with the workflow before reporting the receipt failure.
    printLines(lines);
    throw error;
  }
  process.stderr.write(checkReport(lines, relative(repoRoot, receipt)));
  return exitCode;
}

/** The stderr text of cli.md, for a passed check (no lines) or a failed one. */
function checkReport(lines: string[], receipt: string): string {
  if (lines.length === 0) return `loom check passed\nreceipt: ${receipt}\n`;
  return `${lines.join('\n')}\n\nreceipt: ${receipt}\nloom check failed (exit code 1)\n`;
}

/** Gap 10: structured errors in the receipt; `path` is the JSON pointer, `file` absolute. */
function receiptError(issue: WorkflowIssue, repoRoot: string): CheckError {
  return {
    code: issue.code,
    path: issue.pointer,
    message: issue.message,
    line: issue.line,
    column: issue.column,
    file: resolve(repoRoot, issue.file), // receipts carry absolute paths
    ...(issue.hint === undefined ? {} : { hint: issue.hint }),
  };
}
