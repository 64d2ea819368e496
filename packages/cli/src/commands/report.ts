/**
 * `loom report [--last|--run RUN_ID|--from run.tar.gz] [--open]`: prints the path of a run's `report.html`
 * (written at the end of every run; written now for a run that has none, e.g. one recorded before reports
 * existed), and with `--open` opens it with xdg-open / open when there is one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pickRun } from '../record/pick-run.js';
import { REPORT_FILE, writeReport } from '../report/write-report.js';

export async function reportCommand(options: Record<string, unknown>): Promise<number> {
  const picked = await pickRun({ ...options, keepExtracted: true });
  const existing = join(picked.logsDir, REPORT_FILE);
  const path = existsSync(existing) ? existing : await writeReport(picked.logsDir, picked.receiptPath);
  process.stdout.write(`${path}\n`);
  if (options['open']) open(path);
  return 0;
}

function open(path: string): void {
  const opener = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(opener, [path], { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`loom report: no ${opener} here; open the file above in a browser\n`));
  child.unref();
}
