import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Every process a host job starts carries `LOOM_JOB_PROCESS_MARK=<random>` in its environment (the steps get
 * it, and children inherit it): a process that left the step's process group (`setsid`, a double fork
 * re-parented to init) is still found by it in `/proc/<pid>/environ`. Only processes this user may read
 * are seen — which are the only ones a job of this user can have started.
 */
export const markVariable = 'LOOM_JOB_PROCESS_MARK';

export function newMark(): string {
  return randomBytes(12).toString('hex');
}

export interface MarkedProcess {
  pid: number;
  /** The command name (`/proc/<pid>/comm`), for the report. */
  name: string;
}

/** The live (non-zombie) processes whose environment carries `mark`, never this process. */
export function markedProcesses(mark: string): MarkedProcess[] {
  const needle = Buffer.from(`${markVariable}=${mark}\0`);
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return []; // no /proc (not Linux): process groups are all there is
  }
  const found: MarkedProcess[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`).includes(needle) || zombie(name)) continue;
      found.push({ pid: Number(name), name: readFileSync(`/proc/${name}/comm`, 'utf8').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

function zombie(pid: string): boolean {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
}

const signal = (pid: number, sig: NodeJS.Signals): void => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

/** SIGTERM to every marked process, SIGKILL after `graceMs` to what still runs; returns what was found. */
export async function killMarked(mark: string, graceMs: number): Promise<MarkedProcess[]> {
  const found = markedProcesses(mark);
  if (found.length === 0) return found;
  for (const p of found) signal(p.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (markedProcesses(mark).length > 0 && Date.now() < deadline) await sleep(20);
  for (const p of markedProcesses(mark)) signal(p.pid, 'SIGKILL');
  return found;
}

/** SIGKILL to every marked process at once (Loom is exiting now). */
export function killMarkedNow(mark: string): void {
  for (const p of markedProcesses(mark)) signal(p.pid, 'SIGKILL');
}
