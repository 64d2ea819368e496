import { cpSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { type SaveOptions, type WorkspaceAccess, openStore, restoreEntry, saveEntry, saves } from '@loom/cache';
import { entry, snapshotTree, storeFiles } from './helpers.js';

const tempDir = useTempDirs('loom-cache-');
const none = new Set<string>();

function setup() {
  const store = openStore(join(tempDir(), 'store'));
  const work = tempDir();
  writeTree(work, {
    'vendor/a.txt': 'alpha',
    'vendor/bin/tool': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
    'vendor/link': { symlink: 'a.txt' },
    'src/main.go': 'package main',
  });
  linkSync(join(work, 'vendor/a.txt'), join(work, 'vendor/hard.txt'));
  mkdirSync(join(work, 'vendor/empty'));
  const direct: WorkspaceAccess = { kind: 'direct', dir: work };
  const save = (e = entry(), extra: Partial<SaveOptions> = {}) => saveEntry(e, { store, access: direct, result: 'success', job: 'build', runId: 'run-1', ...extra });
  return { store, work, direct, save };
}

describe('save and restore', () => {
  it('restores exactly what was saved: files, modes, symlinks, hard links, empty directories', async () => {
    const { store, work, save } = setup();
    const saved = await save();
    expect(saved.report).toMatchObject({ name: 'deps', key: 'k1', status: 'saved', bytes: expect.any(Number) });
    const fresh = tempDir();
    const restored = await restoreEntry(entry(), { store, access: { kind: 'direct', dir: fresh }, quarantined: none });
    expect(restored.report).toMatchObject({ status: 'hit', matched_key: 'k1', bytes: saved.report.bytes });
    expect(snapshotTree(join(fresh, 'vendor'))).toEqual(snapshotTree(join(work, 'vendor')));
    expect(statSync(join(fresh, 'vendor/hard.txt')).ino).toBe(statSync(join(fresh, 'vendor/a.txt')).ino);
  });

  it('misses without an entry, and takes the first fallback key that exists', async () => {
    const { store, save } = setup();
    const miss = await restoreEntry(entry({ key: 'k2' }), { store, access: { kind: 'direct', dir: tempDir() }, quarantined: none });
    expect(miss.report).toMatchObject({ status: 'miss', matched_key: null, bytes: null });
    await save();
    const fallback = await restoreEntry(entry({ key: 'k2', fallbackKeys: ['k0', 'k1'] }), { store, access: { kind: 'direct', dir: tempDir() }, quarantined: none });
    expect(fallback.report).toMatchObject({ status: 'fallback_hit', key: 'k2', matched_key: 'k1' });
  });

  it('does not re-save unchanged content (digest, not timestamps): the store is not written', async () => {
    const { store, work, save } = setup();
    await save();
    const before = storeFiles(store.layout.root);
    const fresh = tempDir();
    cpSync(join(work, 'src'), join(fresh, 'src'), { recursive: true });
    await restoreEntry(entry(), { store, access: { kind: 'direct', dir: fresh }, quarantined: none });
    const touched = storeFiles(store.layout.root);
    const again = await saveEntry(entry(), { store, access: { kind: 'direct', dir: fresh }, result: 'success', job: 'build', runId: 'run-2' });
    expect(again.report.status).toBe('unchanged');
    expect(storeFiles(store.layout.root)).toEqual(touched);
    expect(Object.keys(touched)).toEqual(Object.keys(before));
    writeFileSync(join(fresh, 'vendor/a.txt'), 'beta');
    expect((await saveEntry(entry(), { store, access: { kind: 'direct', dir: fresh }, result: 'success', job: 'build', runId: 'run-3' })).report.status).toBe('saved');
    expect(Object.keys(storeFiles(join(store.layout.root, 'archives')))).toHaveLength(1);
  });

  it('keeps entries with equal keys apart when their names or paths differ', async () => {
    const { store, work, save } = setup();
    writeTree(work, { 'other/x': 'other' });
    await save(entry({ name: 'deps' }));
    await save(entry({ name: 'tools', paths: ['other'] }));
    await save(entry({ name: 'deps', paths: ['src'] }));
    const into = (e: ReturnType<typeof entry>) => {
      const dir = tempDir();
      return restoreEntry(e, { store, access: { kind: 'direct', dir }, quarantined: none }).then(() => snapshotTree(dir));
    };
    expect(Object.keys(await into(entry({ name: 'deps' })))).toContain('vendor/a.txt');
    expect(await into(entry({ name: 'tools', paths: ['other'] }))).toEqual({ other: 'dir', 'other/x': '644 other' });
    expect(await into(entry({ name: 'deps', paths: ['src'] }))).toEqual({ src: 'dir', 'src/main.go': '644 package main' });
    expect(store.list()).toHaveLength(3);
  });

  it('warns about a missing path, saves the rest, and skips when no path exists', async () => {
    const { save } = setup();
    const partial = await save(entry({ paths: ['vendor', 'nope'] }));
    expect(partial.report).toMatchObject({ status: 'saved', missing_paths: ['nope'] });
    expect(partial.warnings).toEqual([{ code: 'CACHE_PATH_MISSING', message: expect.stringContaining('nope') }]);
    const nothing = await save(entry({ key: 'k9', paths: ['nope'] }));
    expect(nothing.report).toMatchObject({ status: 'skipped', reason: 'none of the paths exists' });
  });

  it('refuses paths whose symlinks lead out of the workspace', async () => {
    const { store, work, save } = setup();
    const outside = tempDir();
    writeTree(outside, { 'secret/x': 's' });
    symlinkSync(join(outside, 'secret'), join(work, 'escape'));
    const saved = await save(entry({ key: 'k5', paths: ['escape'] }));
    expect(saved.report).toMatchObject({ status: 'failed', reason: expect.stringContaining('leads out of the workspace') });
    await save();
    const dir = tempDir();
    symlinkSync(outside, join(dir, 'vendor'));
    const restored = await restoreEntry(entry({ paths: ['vendor/deep'] }), { store, access: { kind: 'direct', dir }, quarantined: none });
    expect(restored.report.status).toBe('miss');
  });

  it('degrades a restore error to a miss with a warning', async () => {
    const { store, save } = setup();
    await save();
    const [stored] = store.list();
    writeFileSync(stored?.archivePath as string, Buffer.alloc(stored?.size as number, 1));
    const restored = await restoreEntry(entry(), { store, access: { kind: 'direct', dir: tempDir() }, quarantined: none });
    expect(restored.report).toMatchObject({ status: 'miss', reason: expect.stringContaining('restore of k1 failed') });
    expect(restored.warnings[0]?.code).toBe('CACHE_RESTORE_FAILED');
  });

  it('skips quarantined keys, also as fallbacks', async () => {
    const { store, save } = setup();
    await save();
    const dir = tempDir();
    const skipped = await restoreEntry(entry(), { store, access: { kind: 'direct', dir }, quarantined: new Set(['k1']) });
    expect(skipped.report).toMatchObject({ status: 'skipped', reason: expect.stringContaining('quarantined') });
    const fallback = await restoreEntry(entry({ key: 'k2', fallbackKeys: ['k1'] }), { store, access: { kind: 'direct', dir }, quarantined: new Set(['k1']) });
    expect(fallback.report.status).toBe('miss');
  });

  it('goes through copyIn/copyOut when the workspace is not on this machine', async () => {
    const { store, work } = setup();
    const remote = tempDir();
    cpSync(work, remote, { recursive: true, verbatimSymlinks: true });
    const calls: string[] = [];
    const copy = (name: string, from: (hostDir: string) => string, to: (hostDir: string) => string) => async (paths: string[], hostDir: string) => {
      calls.push(name);
      const copied = paths.filter((p) => statSync(join(from(hostDir), p), { throwIfNoEntry: false }) !== undefined);
      for (const p of copied) cpSync(join(from(hostDir), p), join(to(hostDir), p), { recursive: true, verbatimSymlinks: true });
      return { copied, missing: paths.filter((p) => !copied.includes(p)) };
    };
    const access: WorkspaceAccess = {
      kind: 'copy',
      copyIn: copy('in', (hostDir) => hostDir, () => remote),
      copyOut: copy('out', () => remote, (hostDir) => hostDir),
    };
    expect((await saveEntry(entry(), { store, access, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('saved');
    rmSync(join(remote, 'vendor'), { recursive: true });
    expect((await restoreEntry(entry(), { store, access, quarantined: none })).report.status).toBe('hit');
    expect(readFileSync(join(remote, 'vendor/a.txt'), 'utf8')).toBe('alpha');
    expect(calls).toEqual(['out', 'in']);
    expect(storeFiles(store.layout.tmp)).toEqual({});
  });

  it('lets two saves of the same entry at once both succeed, one winning', async () => {
    const { store, work, save } = setup();
    const other = tempDir();
    cpSync(work, other, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(other, 'vendor/a.txt'), 'other content');
    const results = await Promise.all([save(), save(entry(), { access: { kind: 'direct', dir: other }, runId: 'run-2' })]);
    expect(results.map((r) => r.report.status).sort()).toEqual(['saved', 'saved']);
    expect(store.list()).toHaveLength(1);
    expect((await restoreEntry(entry(), { store, access: { kind: 'direct', dir: tempDir() }, quarantined: none })).report.status).toBe('hit');
  });
});

describe('policy × when × job result', () => {
  const policies = ['pull', 'push', 'pull-push'] as const;
  const whens = ['on_success', 'on_failure', 'always'] as const;
  const results = ['success', 'failed'] as const;
  const expected = (p: string, w: string, r: string) => p !== 'pull' && (w === 'always' || (w === 'on_success') === (r === 'success'));

  it('saves exactly when the policy pushes and `when` matches the result (pure)', () => {
    for (const p of policies) for (const w of whens) for (const r of results) expect([p, w, r, saves(p, w, r)]).toEqual([p, w, r, expected(p, w, r)]);
  });

  it('does so through real saves', async () => {
    const { save } = setup();
    for (const p of policies) {
      for (const w of whens) {
        for (const r of results) {
          const outcome = await save(entry({ key: `${p}-${w}-${r}`, policy: p, when: w }), { result: r });
          expect([p, w, r, outcome.report.status]).toEqual([p, w, r, expected(p, w, r) ? 'saved' : 'skipped']);
        }
      }
    }
  });
});
