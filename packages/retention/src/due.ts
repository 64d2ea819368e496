/**
 * When `loom run`'s background pass is worth running — as `git gc --auto` waits for enough loose objects:
 * once `AUTO_SLACK` more runs have gathered than the last pass left, it then removes what the rule says all
 * at once, instead of one run's worth of deleting on every run (~15–20 ms of a one-job run, contending with
 * the daemon's removal of the job container). The count after each pass is kept in
 * `.loom/.runtime/retention.json` (`{"runs_after_pass": n}`); without it, the rule's `keepLast` stands in.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runIdStartMs } from '@loom/runtime-logs/records';
import { DEFAULT_RETENTION, type RetentionPolicy } from './policy.js';

export const AUTO_SLACK = 5;

const stateFile = (runtimeDir: string): string => join(runtimeDir, 'retention.json');

/** Run records on disk (one directory listing; a run still recording counts). */
async function countRuns(runtimeDir: string): Promise<number> {
  const names = await readdir(join(runtimeDir, 'logs')).catch(() => [] as string[]);
  return names.filter((name) => runIdStartMs(name) !== undefined).length;
}

async function runsAfterLastPass(runtimeDir: string): Promise<number | undefined> {
  const state: unknown = await readFile(stateFile(runtimeDir), 'utf8').then((text) => JSON.parse(text) as unknown).catch(() => undefined);
  const value = (state as { runs_after_pass?: unknown } | undefined)?.runs_after_pass;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Whether more than `AUTO_SLACK` runs have gathered since the last pass. */
export async function retentionDue(options: { runtimeDir: string; policy?: RetentionPolicy }): Promise<boolean> {
  const [runs, after] = await Promise.all([countRuns(options.runtimeDir), runsAfterLastPass(options.runtimeDir)]);
  return runs > (after ?? (options.policy ?? DEFAULT_RETENTION).keepLast) + AUTO_SLACK;
}

/** Notes how many runs a pass left (best effort: a state that cannot be written or read means keepLast). */
export async function notePass(runtimeDir: string): Promise<void> {
  await writeFile(stateFile(runtimeDir), `${JSON.stringify({ runs_after_pass: await countRuns(runtimeDir) })}\n`).catch(() => undefined);
}
