/**
 * applyRetention on real directories: run records under `.loom/.runtime`, workspaces in a temp dir (their
 * clone's origin names the repository), locks held by a live process (this one) or a dead one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../src/index.js';

const tempDir = useTempDirs('loom-retention-');
const HOUR = 60 * 60 * 1000;
const NOW = Date.now();

interface Fixture {
  repo: string;
  tmp: string;
  runtime: string;
}

function fixture(): Fixture {
  const root = tempDir();
  const f = { repo: join(root, 'repo'), tmp: join(root, 'tmp'), runtime: join(root, 'repo/.loom/.runtime') };
  mkdirSync(join(f.runtime, 'logs'), { recursive: true });
  mkdirSync(join(f.runtime, 'receipts'), { recursive: true });
  mkdirSync(f.tmp);
  return f;
}

/** A run `hoursAgo` old: logs, receipt (unless status is undefined) and a workspace cloned from `origin`. */
function addRun(f: Fixture, hoursAgo: number, status: 'success' | 'failure' | undefined, origin = f.repo): { runId: string; workspace: string } {
  const started = NOW - hoursAgo * HOUR;
  const runId = `loom-run-local-${started}000000`;
  const workspace = join(f.tmp, `${runId}-42`);
  mkdirSync(join(workspace, '.git'), { recursive: true });
  writeFileSync(join(workspace, '.git/config'), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${origin}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
  writeFileSync(join(workspace, 'file.txt'), 'x');
  mkdirSync(join(f.runtime, 'logs', runId, 'pipeline'), { recursive: true });
  if (status) {
    const receipt = { schema_version: 'v1', kind: 'loom-run-local', status, started_at: new Date(started).toISOString(), snapshot_path: workspace };
    writeFileSync(join(f.runtime, 'receipts', `${runId}.json`), JSON.stringify(receipt));
  }
  return { runId, workspace };
}

function lock(f: Fixture, runId: string, pid: number): string {
  const path = join(f.runtime, 'locks', `${runId}.lock`);
  mkdirSync(join(f.runtime, 'locks'), { recursive: true });
  writeFileSync(path, JSON.stringify({ pid, host: hostname(), runId, createdAt: new Date().toISOString() }));
  return path;
}

describe('applyRetention', () => {
  it('keeps what the default rule keeps and removes the rest: workspaces, logs and receipts together', async () => {
    const f = fixture();
    const recent = Array.from({ length: 12 }, (_, i) => addRun(f, i + 1, 'success'));
    const failedRecently = addRun(f, 48, 'failure');
    const failedLongAgo = addRun(f, 24 * 8, 'failure');
    const report = await applyRetention({ repoRoot: f.repo, runtimeDir: f.runtime, tmpdir: f.tmp, now: NOW });
    const gone = [recent[10], recent[11], failedLongAgo].map((r) => r?.runId as string).sort();
    expect([...report.logs].sort()).toEqual(gone);
    expect(report.snapshots.map((p) => p.replace(/-42$/, '').split('/').at(-1)).sort()).toEqual(gone);
    for (const run of [...recent.slice(0, 10), failedRecently]) expect(existsSync(run.workspace)).toBe(true);
    for (const runId of gone) {
      expect(existsSync(join(f.runtime, 'logs', runId))).toBe(false);
      expect(existsSync(join(f.runtime, 'receipts', `${runId}.json`))).toBe(false);
    }
    expect(readdirSync(join(f.runtime, 'logs'))).toHaveLength(11);
  });

  it('never touches a run a live process locks, or another repository\'s workspaces; a dead lock is no lock', async () => {
    const f = fixture();
    const live = addRun(f, 30, 'success');
    lock(f, live.runId, process.pid);
    const dead = addRun(f, 31, 'success');
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadLock = lock(f, dead.runId, Number(child.stdout));
    const other = addRun(f, 32, 'success', '/some/other/repo');
    const report = await applyRetention({ repoRoot: f.repo, runtimeDir: f.runtime, tmpdir: f.tmp, selection: { kind: 'all' }, now: NOW });
    expect(report.inUse).toEqual([live.runId]);
    expect(existsSync(live.workspace) && existsSync(join(f.runtime, 'logs', live.runId))).toBe(true);
    expect(existsSync(dead.workspace) || existsSync(deadLock)).toBe(false);
    expect(existsSync(other.workspace)).toBe(true); // its logs are this repo's fixture, so they went
  });

  it('--snapshots / --logs remove only that part; --older-than and keep are honoured', async () => {
    const f = fixture();
    const old = addRun(f, 50, 'failure');
    const current = addRun(f, 60, undefined);
    const young = addRun(f, 1, 'success');
    const selection = { kind: 'older-than', ageMs: 24 * HOUR } as const;
    await applyRetention({ repoRoot: f.repo, runtimeDir: f.runtime, tmpdir: f.tmp, selection, logs: false, keep: [current.runId], now: NOW });
    expect([existsSync(old.workspace), existsSync(join(f.runtime, 'logs', old.runId))]).toEqual([false, true]);
    expect(existsSync(current.workspace) && existsSync(young.workspace)).toBe(true);
    await applyRetention({ repoRoot: f.repo, runtimeDir: f.runtime, tmpdir: f.tmp, selection, snapshots: false, now: NOW });
    expect(existsSync(join(f.runtime, 'logs', old.runId))).toBe(false);
    expect(existsSync(current.workspace)).toBe(true);
    expect(existsSync(join(f.runtime, 'logs', current.runId))).toBe(false);
  });
});
