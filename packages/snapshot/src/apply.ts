/**
 * Applies a `ChangePlan` to the `HEAD` checkout: look at every reported path in the working tree, remove
 * what is gone, then copy the rest. Removals run first and one at a time, so a file that became a
 * directory (or the reverse) never races with the copies.
 */
import { join } from 'node:path';
import { type CopyContext, type EntryKind, copyEntry, entryKind, removeEntry } from './copy.js';
import { emptyCounts } from './manifest.js';
import type { ChangePlan, Sync } from './plan.js';
import type { SkippedEntry, SnapshotCounts } from './types.js';

/** In-flight file operations; libuv's pool has 4 threads, a few more keep it busy. */
const CONCURRENCY = 8;

export interface ApplyResult {
  counts: SnapshotCounts;
  skipped: SkippedEntry[];
  bytesCopied: number;
}

/**
 * Runs `task` over `items`, at most `limit` at a time. After the first failure no new task starts, and
 * the failure is thrown only once the running ones have settled: the caller may then delete the
 * directory they write into without racing them.
 */
async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

interface Inspected {
  sync: Sync;
  kind: EntryKind;
}

export async function applyPlan(plan: ChangePlan, ctx: CopyContext): Promise<ApplyResult> {
  const counts = emptyCounts();
  const skipped: SkippedEntry[] = [];
  let bytesCopied = 0;

  const inspected = await mapLimit(plan.syncs, CONCURRENCY, async (sync): Promise<Inspected> => ({
    sync,
    kind: await entryKind(join(ctx.source, sync.path)),
  }));

  const removals = [...plan.removals];
  const copies: Inspected[] = [];
  for (const item of inspected) {
    if (item.kind.type === 'file' || item.kind.type === 'symlink') copies.push(item);
    else if (item.kind.type === 'special') {
      // the snapshot cannot hold it; HEAD's old content there would be a lie, so the path goes
      skipped.push({ path: item.sync.path, reason: 'special-file' });
      removals.push({ path: item.sync.path, counted: false });
    } else removals.push({ path: item.sync.path, counted: item.sync.inHead });
  }

  for (const removal of removals) {
    await removeEntry(ctx, removal.path);
    if (removal.counted) counts.deleted++;
  }

  await mapLimit(copies, CONCURRENCY, async ({ sync, kind }) => {
    if (!(await copyEntry(ctx, sync.path, kind))) {
      skipped.push({ path: sync.path, reason: 'vanished' });
      await removeEntry(ctx, sync.path);
      return;
    }
    counts[sync.category]++;
    if (kind.type === 'symlink') counts.symlinks++;
    else if (kind.type === 'file') bytesCopied += kind.size;
  });

  return { counts, skipped, bytesCopied };
}
