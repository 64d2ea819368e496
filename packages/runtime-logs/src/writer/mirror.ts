/**
 * Copies a finished run record into another `.loom/.runtime/` (e.g. the isolated workspace's). The logs
 * folder is assembled under that runtime's `.tmp/` and renamed into place, so it appears whole; the copy's
 * receipt points at the copy.
 */
import { cpSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeJsonAtomic } from '../atomic-write.js';
import { EVENTS_FILE, PHASE_REPORT_FILE, logsDirOf, runReceiptPathOf, tmpDirOf } from '../layout.js';
import type { ReceiptPaths } from './run-documents.js';

export function mirrorRunRecord(
  logsDir: string,
  runId: string,
  mirrorRuntimeDir: string,
  receiptFor: (paths: ReceiptPaths) => unknown,
): void {
  const target = logsDirOf(mirrorRuntimeDir, runId);
  const staging = join(tmpDirOf(mirrorRuntimeDir), `${runId}.${process.pid}.logs`);
  rmSync(staging, { recursive: true, force: true });
  cpSync(logsDir, staging, { recursive: true });
  rmSync(target, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staging, target);
  const paths = {
    logsDir: target,
    eventsPath: join(target, EVENTS_FILE),
    phaseReportPath: join(target, PHASE_REPORT_FILE),
  };
  writeJsonAtomic(runReceiptPathOf(mirrorRuntimeDir, runId), receiptFor(paths), tmpDirOf(mirrorRuntimeDir));
}
