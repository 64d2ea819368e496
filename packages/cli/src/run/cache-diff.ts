/**
 * `loom run --local --cache-diff` (cache.md §8): the workflow runs twice — cache off, then cache on — each
 * pass with its own ids and log directory; jobs are compared (`cache-diff-compare.ts`), the cache-hit keys
 * of diverging jobs are quarantined, and the second pass's receipt gets a `cache_diff` object (the first
 * pass's receipt is folded into it and removed). The exit code is the cache-on pass's.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quarantineKeys } from '@loom/cache';
import type { CacheDiff, EventSink, LoomEvent } from '@loom/runtime-logs';
import { compareCachePasses } from './cache-diff-compare.js';
import { runIds } from './clock.js';
import type { RunFlags } from './flags.js';
import { type LocalRun, runtimeDirOf } from './record.js';
import { startWorkspace } from './workspace.js';

const say = (line: string): void => void process.stderr.write(`${line}\n`);

function collector(): EventSink & { events: LoomEvent[] } {
  const events: LoomEvent[] = [];
  return { events, emit: (e) => void events.push(e), close: async () => undefined };
}

const receiptOf = (ctx: LocalRun) => join(runtimeDirOf(ctx.repoRoot), 'receipts', `${ctx.runId}.json`);

async function pass(ctx: LocalRun, flags: RunFlags, cacheEnabled: boolean, signal: AbortSignal): Promise<{ code: number; events: LoomEvent[] }> {
  const sink = collector();
  const workspace = await startWorkspace(ctx.repoRoot, ctx.runId);
  const { runLoaded } = await import('./run-local.js');
  const code = await runLoaded(ctx, flags, workspace, signal, { cacheEnabled, sink });
  return { code, events: sink.events };
}

function foldIntoReceipt(path: string, diff: CacheDiff): void {
  const receipt = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ ...receipt, cache_diff: diff }, null, 2)}\n`);
  renameSync(temp, path);
}

function report(diff: CacheDiff): void {
  const diverged = diff.jobs.filter((j) => j.diverged);
  say(`cache-diff: ${diff.jobs.length} job(s) compared, ${diverged.length} diverged`);
  for (const job of diverged) say(`  ${job.job_id}: ${job.reasons.join('; ')}`);
  for (const q of diff.quarantined) say(`  quarantined ${q.key} (cache ${q.name} of ${q.job_id}); lift it with \`loom cache unquarantine ${q.key}\``);
  if (diverged.length > 0 && diff.quarantined.length === 0) say('  nothing to quarantine: the diverging jobs restored no cache');
}

export async function runCacheDiff(ctx: LocalRun, flags: RunFlags, signal: AbortSignal): Promise<number> {
  say('cache-diff: pass 1 of 2, cache off');
  const off = await pass(ctx, flags, false, signal);
  if (signal.aborted) return off.code;
  say('cache-diff: pass 2 of 2, cache on');
  const onCtx: LocalRun = { ...ctx, ...runIds(ctx.clock) };
  const on = await pass(onCtx, flags, true, signal);
  const offLogs = join(runtimeDirOf(ctx.repoRoot), 'logs', ctx.runId);
  const diff: CacheDiff = { cache_off_logs_dir: offLogs, cache_off_exit_code: off.code, ...compareCachePasses(off.events, on.events) };
  const now = new Date().toISOString();
  if (diff.quarantined.length > 0) {
    quarantineKeys(flags.cacheDir, diff.quarantined.map((q) => ({ key: q.key, name: q.name, job: q.job_id, reason: q.reason, run_id: onCtx.runId, quarantined_at: now })));
  }
  report(diff);
  try {
    foldIntoReceipt(receiptOf(onCtx), diff);
    rmSync(receiptOf(ctx), { force: true });
  } catch (error) {
    say(`loom: could not add the cache diff to the receipt: ${String(error)}`);
  }
  say(`receipt: ${receiptOf(onCtx)}`);
  return on.code;
}
