/** Cancellation: SIGINT/SIGTERM mid-step leave no process behind, and a receipt that names the signal. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readRecord, receiptPathOf, startLoom, statuses, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();
const MARKER = 'sleep 31.7';

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

/** Running processes: a zombie counts as gone (its parent may be a PID 1 that never reaps, as in a container). */
function processes(): Proc[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    return m && !m[3]?.startsWith('Z') ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[4] ?? '' }] : [];
  });
}

/** Marker processes below `root` (this run's loom), so a stray marker elsewhere on the machine never counts. */
/** Waits for the background grandchild itself (`sleep …`), so the check afterwards covers the whole tree. */
function markerPidsUnder(root: number): number[] {
  const all = processes();
  const parent = new Map(all.map((p) => [p.pid, p.ppid]));
  const under = (pid: number): boolean => {
    for (let at: number | undefined = pid; at !== undefined && at > 1; at = parent.get(at)) if (at === root) return true;
    return false;
  };
  const markers = all.filter((p) => p.args.includes(MARKER) && !p.args.includes('ps -eo') && under(p.pid));
  return markers.some((p) => p.args.startsWith(MARKER)) ? markers.map((p) => p.pid) : [];
}

const alive = (pids: number[]): number[] => {
  const now = new Set(processes().map((p) => p.pid));
  return pids.filter((pid) => now.has(pid));
};

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('loom run --local: cancellation', () => {
  it.each([
    ['SIGINT to loom', 'SIGINT', false, 130],
    ['SIGTERM to loom', 'SIGTERM', false, 143],
    ['Ctrl-C to the process group', 'SIGINT', true, 130],
  ] as const)('%s (%s, process group: %s) → exit %i; step tree gone, cleanup ran, receipt names the signal', async (_name, sig, group, exitCode) => {
    const cwd = await repoOf('sigint');
    const { child, done } = startLoom(['run', '--local'], { cwd, detached: group });
    let markers: number[] = [];
    await waitFor(() => (markers = markerPidsUnder(child.pid as number)).length > 0, 15_000);
    process.kill(group ? -(child.pid as number) : (child.pid as number), sig);
    const run = await done;
    expect(run.code).toBe(exitCode);
    await waitFor(() => alive(markers).length === 0, 2_000).catch(() => undefined);
    expect(alive(markers)).toEqual([]);
    const record = readRecord(receiptPathOf(run));
    expect(record.receipt).toMatchObject({ status: 'failure', exit_code: exitCode, error: `cancelled by ${sig}` });
    expect(statuses(record)).toEqual({ long: 'failed', after: 'skipped' });
    const sections = record.job('long').manifest['system_sections'] as { name: string; status: string }[];
    expect(sections.find((s) => s.name === 'cleanup')).toMatchObject({ status: 'success' });
    expect(record.phaseReport).toMatchObject({ valid: true });
  }, 30_000);
});
