import { readFileSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs, writeTree } from '@loom/test-kit';
import { formatCacheLine, openStore, parseAge, parseSize, pruneStore, quarantineKeys, readQuarantine, saveEntry, shortKey, unquarantineKeys } from '@loom/cache';
import { entry } from './helpers.js';

const tempDir = useTempDirs('loom-cache-store-');
const DAY = 86_400_000;

describe('quarantine.json', () => {
  it('adds keys once, lifts one or all, and is written atomically as JSON', () => {
    const dir = tempDir();
    expect(readQuarantine(dir)).toEqual([]);
    const q = (key: string) => ({ key, name: 'deps', job: 'build', reason: 'exit codes differ', run_id: 'r', quarantined_at: '2026-01-01T00:00:00.000Z' });
    quarantineKeys(dir, [q('a'), q('b')]);
    quarantineKeys(dir, [q('a'), q('c')]);
    expect(readQuarantine(dir).map((e) => e.key)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(readFileSync(join(dir, 'quarantine.json'), 'utf8')).schema_version).toBe('loom.cache.quarantine.v1');
    expect(unquarantineKeys(dir, ['b']).map((e) => e.key)).toEqual(['b']);
    expect(unquarantineKeys(dir, 'all').map((e) => e.key)).toEqual(['a', 'c']);
    expect(readQuarantine(dir)).toEqual([]);
    writeFileSync(join(dir, 'quarantine.json'), '{');
    expect(() => readQuarantine(dir)).toThrow(expect.objectContaining({ code: 'CACHE_STORE_CORRUPT' }));
  });
});

describe('prune', () => {
  async function filled() {
    const root = join(tempDir(), 'store');
    const store = openStore(root);
    const work = tempDir();
    writeTree(work, { 'vendor/a': 'x'.repeat(5000) });
    for (const key of ['old', 'mid', 'new']) await saveEntry(entry({ key }), { store, access: { kind: 'direct', dir: work }, result: 'success', job: 'j', runId: 'r' });
    const now = Date.now();
    const age = { old: 10, mid: 5, new: 1 };
    for (const e of store.list()) utimesSync(e.archivePath, new Date(now - age[e.key as keyof typeof age] * DAY), new Date(now - age[e.key as keyof typeof age] * DAY));
    return { root, store, now };
  }

  it('removes entries unused for longer than --older-than', async () => {
    const { root, store, now } = await filled();
    const result = pruneStore(root, { olderThanMs: 7 * DAY, now });
    expect(result.removed.map((e) => e.key)).toEqual(['old']);
    expect(store.list().map((e) => e.key).sort()).toEqual(['mid', 'new']);
  });

  it('removes least recently used entries until under --max-size, plus stale leftovers', async () => {
    const { root, store, now } = await filled();
    const size = store.list()[0]?.size as number;
    mkdirSync(join(root, 'tmp'), { recursive: true });
    writeFileSync(join(root, 'tmp/killed.tar.zst'), 'torn');
    writeFileSync(join(root, 'archives/orphan.tar.zst'), 'orphan');
    writeFileSync(join(root, 'tmp/in-progress.tar.zst'), 'fresh');
    const old = new Date(now - 2 * 3_600_000);
    utimesSync(join(root, 'tmp/killed.tar.zst'), old, old);
    utimesSync(join(root, 'archives/orphan.tar.zst'), old, old);
    const result = pruneStore(root, { maxBytes: size * 2 - 1, now });
    expect(result.removed.map((e) => e.key)).toEqual(['old', 'mid']);
    expect(result.leftovers).toBe(2);
    expect(store.list().map((e) => e.key)).toEqual(['new']);
    expect(readFileSync(join(root, 'tmp/in-progress.tar.zst'), 'utf8')).toBe('fresh');
  });

  it('reads ages and sizes, and says how to write them', () => {
    expect(parseAge('7d')).toBe(7 * DAY);
    expect(parseAge('30m')).toBe(1_800_000);
    expect(parseSize('5G')).toBe(5 * 1024 ** 3);
    expect(parseSize('500MB')).toBe(500 * 1024 ** 2);
    expect(parseSize('1024')).toBe(1024);
    expect(() => parseAge('soon')).toThrow(expect.objectContaining({ code: 'CACHE_PRUNE_BAD_LIMIT', hint: expect.stringContaining('7d') }));
    expect(() => parseSize('big')).toThrow(expect.objectContaining({ code: 'CACHE_PRUNE_BAD_LIMIT' }));
  });
});

describe('the one-line summary', () => {
  it('says hit/miss, the key, size and time per entry, and what the save did', () => {
    const key = `loom-cache-${'3f2a1b2c'.repeat(8)}`;
    expect(shortKey(key)).toBe('loom-cache-3f2a1b2c…');
    const line = formatCacheLine(
      [
        { name: 'pnpm', key, matched_key: key, status: 'hit', bytes: 41 * 1024 ** 2, duration_ms: 400 },
        { name: 'go', key: 'go-k', matched_key: null, status: 'miss', bytes: null, duration_ms: 3 },
      ],
      [
        { name: 'pnpm', key, matched_key: null, status: 'unchanged', bytes: 41 * 1024 ** 2, duration_ms: 80 },
        { name: 'go', key: 'go-k', matched_key: null, status: 'saved', bytes: 2048, duration_ms: 1200 },
      ],
    );
    expect(line).toBe('cache pnpm: hit loom-cache-3f2a1b2c… (41 MB, 0.4 s), unchanged; go: miss go-k, saved (2.0 KB, 1.2 s)');
    expect(formatCacheLine([], [])).toBeUndefined();
  });
});
