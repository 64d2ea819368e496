/**
 * Secret files (secrets.md §3, decisions in the README): `<root>/<runId>.<pid>/<job>-<random>/<NAME>`, the
 * directories 0700 and the files 0600, holding the value's exact bytes. `root` is outside any repository
 * (default `<os tmpdir>/loom-secrets`). A job's directory goes in its cleanup; a run directory whose Loom
 * process is gone (killed, crashed) is swept by the next run.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const defaultSecretsRoot = (): string => join(tmpdir(), 'loom-secrets');

/** Where a Docker job finds a file secret: the host file is bind-mounted read-only there. */
export const containerSecretPath = (name: string): string => `/run/secrets/${name}`;

const RUN_DIR = /^(.+)\.(\d+)$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the run directories of Loom processes that no longer exist. Returns how many. */
export async function sweepStaleSecretDirs(root: string = defaultSecretsRoot()): Promise<number> {
  const names = await readdir(root).catch(() => [] as string[]);
  let swept = 0;
  for (const name of names) {
    const pid = Number(RUN_DIR.exec(name)?.[2]);
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    swept++;
  }
  return swept;
}

export interface RunSecretDir {
  /** Creates a fresh 0700 directory for one job. */
  jobDir(jobId: string): Promise<string>;
  /** Removes the whole run directory (end of run). */
  remove(): Promise<void>;
}

export function runSecretDir(root: string, runId: string): RunSecretDir {
  const dir = join(root, `${runId}.${process.pid}`);
  let made: Promise<void> | undefined;
  const ensure = (): Promise<void> =>
    (made ??= (async () => {
      // A forced exit (a second Ctrl-C: process.exit while jobs still hold their files) or a job dir made
      // after `remove` (an interrupt during resolution) never reaches the run's own removal: the exit does it.
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      await mkdir(root, { recursive: true, mode: 0o700 });
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    })());
  return {
    async jobDir(jobId) {
      await ensure();
      const job = join(dir, `${jobId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${randomBytes(4).toString('hex')}`);
      await mkdir(job, { mode: 0o700 });
      return job;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Writes the exact bytes, never over an existing file, readable by the owner only. */
export async function writeSecretFile(path: string, value: string): Promise<void> {
  await writeFile(path, value, { mode: 0o600, flag: 'wx' });
}
