/** Cancellation: SIGINT/SIGTERM mid-step leave no process behind, and a receipt that names the signal. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readRecord, receiptPathOf, startLoom, statuses, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();
const MARKER = 'sleep 31.7';

function markerProcesses(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((line) => line.includes(MARKER) && !line.includes('ps -eo'));
}

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
    await waitFor(() => markerProcesses().length > 0, 15_000);
    process.kill(group ? -(child.pid as number) : (child.pid as number), sig);
    const run = await done;
    expect(run.code).toBe(exitCode);
    await waitFor(() => markerProcesses().length === 0, 2_000).catch(() => undefined);
    expect(markerProcesses()).toEqual([]);
    const record = readRecord(receiptPathOf(run));
    expect(record.receipt).toMatchObject({ status: 'failure', exit_code: exitCode, error: `cancelled by ${sig}` });
    expect(statuses(record)).toEqual({ long: 'failed', after: 'skipped' });
    const sections = record.job('long').manifest['system_sections'] as { name: string; status: string }[];
    expect(sections.find((s) => s.name === 'cleanup')).toMatchObject({ status: 'success' });
    expect(record.phaseReport).toMatchObject({ valid: true });
  }, 30_000);
});
