import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often a kill looks whether the group is gone. */
const pollMs = 20;
/** How long to wait for SIGKILL to take effect before giving up (it cannot be ignored; this only bounds a
 * process stuck in uninterruptible I/O). */
const killWaitMs = 2000;

/** Sends `signal` to every process of group `pgid`; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether group `pgid` still has a running (non-zombie) process. Orphaned processes of a killed step become
 * zombies of PID 1, and some container inits never reap them, so "the kernel still knows the group"
 * (`kill -0`) is not "something still runs". On Linux /proc tells the difference; elsewhere kill -0 is
 * the best there is.
 */
function groupRunning(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return true;
  }
  return pids.some((pid) => runningIn(pid, pgid));
}

function runningIn(pid: string, pgid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ")".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X';
}

async function goneWithin(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (groupRunning(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

/**
 * Ends the whole process group: SIGTERM, then SIGKILL for whatever still runs after `graceMs` (a child that
 * traps or ignores TERM). Resolves once nothing of the group runs any more (or SIGKILL had `killWaitMs`).
 */
export async function killGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  if (await goneWithin(pgid, graceMs)) return;
  signalGroup(pgid, 'SIGKILL');
  await goneWithin(pgid, killWaitMs);
}

/** Every group this process started that may still run: a last SIGKILL when Loom exits without cleanup
 * (an uncaught error), because detached groups would otherwise outlive it. */
const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function trackGroup(pgid: number): void {
  liveGroups.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const group of liveGroups) signalGroup(group, 'SIGKILL');
  });
}

export function untrackGroup(pgid: number): void {
  liveGroups.delete(pgid);
}
