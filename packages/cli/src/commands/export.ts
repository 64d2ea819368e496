/**
 * `loom export [--last|--run RUN_ID] -o run.tar.gz`: one run's record — receipt and logs directory, with the
 * report and artifacts — as an archive to attach to a bug report. Absolute paths in its JSON, JSONL and HTML
 * are made relative or neutral: `<repo>/.loom/.runtime/` is dropped (the archive is laid out as that folder),
 * the repository root becomes `<repo>` and the isolated workspace `<workspace>`. `loom logs --from` and
 * `loom report --from` read it back. Values are as the record stores them (redacted).
 */
import { cp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LoomError } from '@loom/errors';
import { exportTempDir, runTar } from '../record/archive.js';
import { pickRun, runtimeDirOf } from '../record/pick-run.js';

const TEXT = /\.(json|jsonl|html)$/;

export async function exportCommand(options: Record<string, unknown>): Promise<number> {
  const output = options['o'] ?? options['output'];
  if (typeof output !== 'string' || output === '') {
    throw new LoomError('CLI_USAGE', 'loom export needs -o <file>.tar.gz', { hint: 'e.g. loom export --last -o run.tar.gz' });
  }
  if (options['from'] !== undefined) throw new LoomError('CLI_USAGE', 'loom export reads a run of this repository; --from is for logs and report', { hint: 'pick the run with --run <run_id> or --last' });
  const picked = await pickRun(options);
  const staging = await exportTempDir();
  try {
    const receipt = picked.receiptPath ? (JSON.parse(await readFile(picked.receiptPath, 'utf8')) as Record<string, unknown>) : {};
    const replace = replacements(picked.repoRoot!, receipt);
    await cp(picked.logsDir, join(staging, 'logs', picked.runId), { recursive: true });
    await rewriteTree(join(staging, 'logs', picked.runId), replace);
    if (picked.receiptPath) {
      await mkdir(join(staging, 'receipts'));
      await writeFile(join(staging, 'receipts', `${picked.runId}.json`), replace(await readFile(picked.receiptPath, 'utf8')));
    }
    await runTar(['--sort=name', '-czf', resolve(output), '-C', staging, ...(picked.receiptPath ? ['receipts'] : []), 'logs'], `writing ${output}`);
    process.stderr.write(`exported ${picked.runId} to ${output} (paths relative: <repo> is the repository, <workspace> the isolated workspace)\n`);
    return 0;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Text → text with the machine's absolute paths replaced, longest first, as they appear inside JSON strings. */
function replacements(repoRoot: string, receipt: Record<string, unknown>): (text: string) => string {
  const json = (path: string): string => JSON.stringify(path).slice(1, -1);
  const pairs: [string, string][] = [[`${json(runtimeDirOf(repoRoot))}/`, '']];
  if (typeof receipt['snapshot_path'] === 'string') pairs.push([json(receipt['snapshot_path']), '<workspace>']);
  pairs.push([json(repoRoot), '<repo>']);
  return (text) => pairs.reduce((t, [from, to]) => t.split(from).join(to), text);
}

async function rewriteTree(dir: string, replace: (text: string) => string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !TEXT.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.includes(`${join(dir, 'jobs')}/`) && path.includes('/artifacts/')) continue; // the user's own files stay as they are
    await writeFile(path, replace(await readFile(path, 'utf8')));
  }
}
