import { spawn } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { type WorkspaceAccess, openStore, restoreEntry, saveEntry } from '@loom/cache';
import { entry, snapshotTree, storeFiles } from './helpers.js';

const tempDir = useTempDirs('loom-cache-stream-');

/** A "remote" workspace reached only through tar streams, as a Docker volume is: system tar in PAX format
 * (the daemon's, which walks in name order), with its own owners and timestamps, so only the content can match. */
function streamedAccess(remote: string, calls: string[]): Extract<WorkspaceAccess, { kind: 'copy' }> {
  const unused = () => Promise.reject(new Error('the staging copy is not used when the provider streams'));
  return {
    kind: 'copy',
    copyIn: unused,
    copyOut: unused,
    async putTar(tar) {
      calls.push('put');
      const child = spawn('tar', ['-C', remote, '-x'], { stdio: ['pipe', 'ignore', 'inherit'] });
      tar.pipe(child.stdin);
      await new Promise((done, fail) => child.on('close', (code) => (code === 0 ? done(undefined) : fail(new Error(`tar -x: ${code}`)))));
    },
    async getTar(path) {
      calls.push(`get ${path}`);
      if (statSync(join(remote, path), { throwIfNoEntry: false }) === undefined) return undefined;
      const child = spawn('tar', ['-C', join(remote, posix.dirname(path)), '--format=pax', '--sort=name', '-c', posix.basename(path)], { stdio: ['ignore', 'pipe', 'inherit'] });
      return child.stdout;
    },
  };
}

describe('a workspace reached through tar streams (Docker volumes)', () => {
  it('restores in one stream and finds unchanged content from the stream alone; a change saves through copyOut', async () => {
    const store = openStore(join(tempDir(), 'store'));
    const e = entry({ paths: ['vendor', 'gone'] });
    const work = tempDir();
    writeTree(work, { 'vendor/a.txt': 'alpha', 'vendor/bin/tool': { content: '#!/bin/sh\n', mode: 0o755 }, 'vendor/link': { symlink: 'a.txt' } });
    linkSync(join(work, 'vendor/a.txt'), join(work, 'vendor/hard.txt'));
    mkdirSync(join(work, 'vendor/empty'));
    const saved = await saveEntry(e, { store, access: { kind: 'direct', dir: work }, result: 'success', job: 'j', runId: 'r' });
    expect(saved.report.status).toBe('saved');

    const remote = tempDir();
    const calls: string[] = [];
    const access = streamedAccess(remote, calls);
    expect((await restoreEntry(e, { store, access, quarantined: new Set() })).report.status).toBe('hit');
    expect(snapshotTree(remote)).toEqual(snapshotTree(work));
    const before = storeFiles(store.layout.root);
    const unchanged = await saveEntry(e, { store, access, result: 'success', job: 'j', runId: 'r' });
    expect(calls).toEqual(['put', 'get vendor', 'get gone']);
    expect(unchanged.report).toMatchObject({ status: 'unchanged', missing_paths: ['gone'] });
    expect(storeFiles(store.layout.root)).toEqual(before);

    // Changed content: the quick check says nothing, the full save (staging copy) decides.
    writeFileSync(join(remote, 'vendor/a.txt'), 'omega');
    let copiedOut = false;
    const changed: WorkspaceAccess = {
      ...access,
      async copyOut(paths, hostDir) {
        copiedOut = true;
        const copied = paths.filter((p) => statSync(join(remote, p), { throwIfNoEntry: false }) !== undefined);
        for (const p of copied) cpSync(join(remote, p), join(hostDir, p), { recursive: true, verbatimSymlinks: true });
        return { copied, missing: paths.filter((p) => !copied.includes(p)) };
      },
    };
    expect((await saveEntry(e, { store, access: changed, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('saved');
    expect(copiedOut).toBe(true);
    rmSync(join(remote, 'vendor'), { recursive: true });
    await restoreEntry(e, { store, access, quarantined: new Set() });
    expect(readFileSync(join(remote, 'vendor/a.txt'), 'utf8')).toBe('omega');
    expect(storeFiles(store.layout.tmp)).toEqual({});
  });

  it('a digest computed where the paths are decides first: equal means unchanged with nothing read out; a save records it', async () => {
    const store = openStore(join(tempDir(), 'store'));
    const e = entry({ paths: ['vendor', 'gone'] });
    const remote = tempDir();
    writeTree(remote, { 'vendor/a.txt': 'alpha' });
    const calls: string[] = [];
    let probe: { digest: string; missing: string[] } | undefined = { digest: 'p1'.padEnd(64, '0'), missing: ['gone'] };
    const access = { ...streamedAccess(remote, calls), digest: async (paths: string[]) => (calls.push(`digest ${paths.join(' ')}`), probe) };
    const viaStaging: WorkspaceAccess = {
      ...access,
      async copyOut(paths, hostDir) {
        calls.push('copyOut');
        cpSync(join(remote, 'vendor'), join(hostDir, 'vendor'), { recursive: true });
        return { copied: ['vendor'], missing: paths.filter((p) => p !== 'vendor') };
      },
    };
    // First save: no record yet, so the full save; the record keeps the probe's digest.
    expect((await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('saved');
    expect(store.find(e)?.probe_digest).toBe(probe.digest);
    calls.length = 0;
    const before = storeFiles(store.layout.root);
    const unchanged = await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' });
    expect(unchanged.report).toMatchObject({ status: 'unchanged', missing_paths: ['gone'] });
    expect(unchanged.warnings.map((w) => w.code)).toEqual(['CACHE_PATH_MISSING']);
    expect(calls).toEqual(['digest vendor gone']); // no getTar, no copyOut
    expect(storeFiles(store.layout.root)).toEqual(before);
    // Another digest: the stream check follows (content equal here, so still unchanged, nothing written).
    probe = { digest: 'p2'.padEnd(64, '0'), missing: ['gone'] };
    calls.length = 0;
    expect((await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('unchanged');
    expect(calls).toEqual(['digest vendor gone', 'get vendor', 'get gone']);
    // Cannot be computed there (undefined) or throws: the stream check alone, as before.
    probe = undefined;
    writeFileSync(join(remote, 'vendor/a.txt'), 'omega');
    expect((await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('saved');
    expect(store.find(e)?.probe_digest).toBeUndefined();
    // A record without a probe digest is not probed in vain: the stream check alone says unchanged.
    probe = { digest: 'p3'.padEnd(64, '0'), missing: ['gone'] };
    calls.length = 0;
    expect((await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('unchanged');
    expect(calls).toEqual(['get vendor', 'get gone']);
    writeFileSync(join(remote, 'vendor/a.txt'), 'theta');
    expect((await saveEntry(e, { store, access: viaStaging, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('saved');
    expect(store.find(e)?.probe_digest).toBe(probe.digest); // probed once it was to be saved
    const throwing = { ...viaStaging, digest: () => Promise.reject(new Error('step server gone')) };
    expect((await saveEntry(e, { store, access: throwing, result: 'success', job: 'j', runId: 'r' })).report.status).toBe('unchanged');
  });
});
