/**
 * A save killed with SIGKILL at a random moment leaves the old entry or the new one: a later restore
 * either misses or extracts one whole version, never a torn archive. The child runs the built package
 * (built here first, incrementally).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '@loom/test-kit';
import { openStore, restoreEntry } from '@loom/cache';
import { entry } from './helpers.js';

const tempDir = useTempDirs('loom-cache-kill-');
const repo = new URL('../../..', import.meta.url).pathname;
const FILES = 150;
const MOMENTS = 20;

function killAfter(args: string[], delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let saved = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('ready') && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      saved += (text.match(/saved/g) ?? []).length;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(saved) : reject(new Error(`child ended by itself: ${code}`))));
  });
}

/** The version all restored files share, or an error naming what is torn. */
function restoredVersion(dir: string): string {
  const names = readdirSync(join(dir, 'vendor'));
  expect(names).toHaveLength(FILES);
  const versions = new Set(names.map((n) => /^v\d+:/.exec(readFileSync(join(dir, 'vendor', n), 'latin1'))?.[0]));
  expect(versions.size).toBe(1);
  return [...versions][0] as string;
}

describe('SIGKILL during save', () => {
  it(`never lets a restore extract a partial archive (${MOMENTS} random moments)`, { tags: ['slow'], timeout: 120_000 }, async () => {
    execFileSync(join(repo, 'node_modules/.bin/tsc'), ['-b', 'packages/cache'], { cwd: repo });
    const moduleUrl = pathToFileURL(join(repo, 'packages/cache/dist/index.js')).href;
    const storeDir = join(tempDir(), 'store');
    const work = tempDir();
    const fixture = new URL('./fixtures/save-loop.mjs', import.meta.url).pathname;
    const seen = { hits: 0, misses: 0, savesCompleted: 0 };
    for (let moment = 0; moment < MOMENTS; moment++) {
      const delay = Math.floor(Math.random() * 600);
      seen.savesCompleted += await killAfter([fixture, moduleUrl, storeDir, work, String(FILES)], delay);
      const into = tempDir();
      const { report } = await restoreEntry(entry({ key: 'k', paths: ['vendor'] }), { store: openStore(storeDir), access: { kind: 'direct', dir: into }, quarantined: new Set() });
      if (report.status === 'hit') {
        restoredVersion(into);
        seen.hits++;
      } else {
        expect(report).toMatchObject({ status: 'miss' });
        expect(report.reason).toBeUndefined();
        seen.misses++;
      }
    }
    expect(seen.hits + seen.misses).toBe(MOMENTS);
    expect(seen.savesCompleted).toBeGreaterThan(0);
  });
});
