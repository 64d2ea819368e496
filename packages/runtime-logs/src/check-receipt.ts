/** `loom check`'s receipt: `<repo>/.loom/.runtime/receipts/<YYYYMMDDTHHMMSSZ>-check-<pid>.json` (cli.md). */
import { isAbsolute, join, resolve } from 'node:path';
import { LoomError } from '@loom/errors';
import { writeJsonAtomic } from './atomic-write.js';
import { KINDS, V1 } from './constants.js';
import type { CheckError, CheckReceipt } from './documents/receipts.js';
import { receiptsDirOf, tmpDirOf } from './layout.js';

export interface CheckReceiptInput {
  repoRoot: string;
  loomVersion: string;
  /** The invocation, e.g. `['loom', 'check']`. */
  command: string[];
  /** Absolute, or relative to `repoRoot`. */
  workflowPath: string;
  /** Validation errors; an empty list means the workflow is valid. */
  errors: CheckError[];
  exitCode: number;
  now: Date;
  pid: number;
}

/** `20260304T183012Z`: UTC, ISO 8601 basic form, seconds precision. */
export function compactUtcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export function buildCheckReceipt(input: CheckReceiptInput): CheckReceipt {
  const workflowPath = isAbsolute(input.workflowPath) ? input.workflowPath : resolve(input.repoRoot, input.workflowPath);
  return {
    schema_version: V1,
    kind: KINDS.checkReceipt,
    loom_version: input.loomVersion,
    command: input.command,
    exit_code: input.exitCode,
    status: input.exitCode === 0 ? 'success' : 'failure',
    workflow_schema_v1: {
      workflow_path: workflowPath,
      valid: input.errors.length === 0,
      errors: input.errors.map((e) => ({
        code: e.code,
        path: e.path,
        message: e.message,
        line: e.line,
        column: e.column,
        file: e.file,
        ...(e.hint === undefined ? {} : { hint: e.hint }),
      })),
    },
  };
}

/** Writes the receipt atomically and returns its absolute path. */
export async function writeCheckReceipt(input: CheckReceiptInput): Promise<string> {
  const runtimeDir = join(resolve(input.repoRoot), '.loom', '.runtime');
  const path = join(receiptsDirOf(runtimeDir), `${compactUtcStamp(input.now)}-check-${input.pid}.json`);
  try {
    writeJsonAtomic(path, buildCheckReceipt(input), tmpDirOf(runtimeDir));
  } catch (cause) {
    throw new LoomError('RUNTIME_LOGS_WRITE_FAILED', `could not write the check receipt ${path}`, {
      hint: 'check that .loom/.runtime is writable and the disk is not full',
      cause,
    });
  }
  return path;
}
