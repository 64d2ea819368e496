/** Writes `report.html` into a run's logs directory (beside its summary), atomically: temp file, rename. */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderReport } from './html.js';
import { buildReportModel } from './model.js';

export const REPORT_FILE = 'report.html';

export async function writeReport(logsDir: string, receiptPath?: string): Promise<string> {
  const html = renderReport(await buildReportModel(logsDir, receiptPath));
  const path = join(logsDir, REPORT_FILE);
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, html);
  await rename(temp, path);
  return path;
}
