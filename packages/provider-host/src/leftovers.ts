import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Every process a host job starts carries `LOOM_JOB_PROCESS_MARK=<random>` in its environment (the steps get
 * it, and children inherit it): a process that left the step's process group (`setsid`, a double fork
 * re-parented to init) is still found by it in `/proc/<pid>/environ`. Only processes this user may read
 * are seen — which are the only ones a job of this user can have started.
 */
export const markVariable = 'LOOM_JOB_PROCESS_MARK';

/**
 * `<loom pid>.<its start time>.<random>`: the owner in the mark lets a later run tell the leftovers of a
 * Loom that died without cleanup (SIGKILL) from a live run's processes (`sweepOrphanedProcesses`).
 */
export function newMark(): string {
  return `${process.pid}.${startTimeOf(process.pid) ?? '0'}.${pidNamespace}.${randomBytes(8).toString('hex')}`;
}

/**
 * This process's PID namespace (the inode of /proc/self/ns/pid). A mark's pid means something only in the
 * namespace it was made in: a Loom on the host sees the processes of a Loom inside a container (root reads
 * their environ), and must not judge that Loom gone by looking its pid up in the host's /proc.
 */
const pidNamespace = ((): string => {
  try {
    return /\d+/.exec(readlinkSync('/proc/self/ns/pid'))?.[0] ?? '0';
  } catch {
    return '0';
  }
})();

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), undefined when there is no such process. */
/** A process's start time (clock ticks since boot, field 22 of /proc/<pid>/stat): with the pid, it names one
 * process even after the pid is reused. Undefined when there is no such process. */
export function startTimeOf(pid: number | string): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const markPattern = new RegExp(String.raw`(?:^|\x00)${markVariable}=(\d+)\.(\d+)\.(\d+)\.[0-9a-f]+\x00`);

/**
 * SIGKILLs every process of this user whose job mark names a Loom process that is gone (no such pid, or
 * the pid was reused: another start time) — what a SIGKILLed Loom's host jobs left running. A live run's
 * processes are never touched. Returns what was killed. Cheap (one read per process in /proc).
 */
export function sweepOrphanedProcesses(): MarkedProcess[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const killed: MarkedProcess[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const match = markPattern.exec(readFileSync(`/proc/${name}/environ`, 'latin1'));
      if (!match || match[3] !== pidNamespace || startTimeOf(match[1]!) === match[2] || zombie(name)) continue;
      const comm = readFileSync(`/proc/${name}/comm`, 'utf8').trim();
      signal(Number(name), 'SIGKILL');
      killed.push({ pid: Number(name), name: comm });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return killed;
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

/**
 * The process groups that hold a running process carrying `mark`, or undefined without /proc. A job's group
 * whose members all ended may have had its id reused by a stranger (pid_max is often 32,768): only a group
 * that still holds one of the job's own processes may be signalled.
 */
export function markedGroups(mark: string): Set<number> | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const groups = new Set<number>();
  for (const { pid } of markedProcesses(mark)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      groups.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]));
    } catch {
      // gone meanwhile
    }
  }
  return groups;
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
