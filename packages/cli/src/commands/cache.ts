/**
 * `loom cache ls [--json]`, `loom cache prune [--older-than 7d] [--max-size 5G]`, `loom cache unquarantine
 * <key>… | --all`: the local cache store (runtime config `runtime.cache.dir`, default `.loom/.runtime/cache`).
 */
import { type StoredEntry, formatBytes, openStore, parseAge, parseSize, pruneStore, readQuarantine, shortKey, unquarantineKeys } from '@loom/cache';
import { loadRuntimeConfig } from '@loom/config';
import { formatLoomError, isLoomError, LoomError } from '@loom/errors';
import { requireRepoRoot } from '../repo-root.js';

export interface CacheOptions {
  json?: boolean;
  olderThan?: string;
  maxSize?: string;
  all?: boolean;
}

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const usage = (message: string) =>
  new LoomError('CLI_CACHE_USAGE', message, { hint: 'use `loom cache ls [--json]`, `loom cache prune [--older-than 7d] [--max-size 5G]` or `loom cache unquarantine <key>… | --all`' });

async function storeDir(): Promise<string> {
  const repoRoot = requireRepoRoot(process.cwd());
  const runtime = await loadRuntimeConfig({ repoRoot, env: process.env });
  return runtime.config.runtime.cache.dir;
}

function age(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h ago` : `${Math.floor(hours / 24)}d ago`;
}

function list(dir: string, options: CacheOptions): number {
  const entries = openStore(dir).list().sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
  const quarantined = new Set(readQuarantine(dir).map((q) => q.key));
  if (options.json) {
    const rows = entries.map((e) => ({ name: e.name, key: e.key, paths: e.paths, size: e.size, created_at: e.created_at, last_used_at: e.lastUsed.toISOString(), job: e.job, quarantined: quarantined.has(e.key) }));
    out(JSON.stringify({ store: dir, entries: rows }, null, 2));
    return 0;
  }
  out(`cache store ${dir}: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, ${formatBytes(entries.reduce((s, e) => s + e.size, 0))}`);
  const now = Date.now();
  for (const e of entries) {
    out(`  ${e.name.padEnd(12)} ${shortKey(e.key).padEnd(28)} ${formatBytes(e.size).padStart(8)}  used ${age(now - e.lastUsed.getTime())}${quarantined.has(e.key) ? '  [quarantined]' : ''}`);
  }
  return 0;
}

function prune(dir: string, options: CacheOptions): number {
  if (options.olderThan === undefined && options.maxSize === undefined) throw usage('loom cache prune needs --older-than and/or --max-size');
  const result = pruneStore(dir, {
    ...(options.olderThan === undefined ? {} : { olderThanMs: parseAge(String(options.olderThan)) }),
    ...(options.maxSize === undefined ? {} : { maxBytes: parseSize(String(options.maxSize)) }),
  });
  const describe = (e: StoredEntry) => `  removed ${e.name} ${shortKey(e.key)} (${formatBytes(e.size)}, used ${age(Date.now() - e.lastUsed.getTime())})`;
  for (const e of result.removed) out(describe(e));
  const kept = result.kept.reduce((s, e) => s + e.size, 0);
  out(`pruned ${result.removed.length} entr${result.removed.length === 1 ? 'y' : 'ies'} (${formatBytes(result.freedBytes)}); ${result.kept.length} kept (${formatBytes(kept)})${result.leftovers ? `; ${result.leftovers} leftover file(s) of killed saves removed` : ''}`);
  return 0;
}

function unquarantine(dir: string, keys: string[], options: CacheOptions): number {
  if (options.all && keys.length > 0) throw usage('give keys or --all, not both');
  if (!options.all && keys.length === 0) throw usage('loom cache unquarantine needs a key or --all');
  const lifted = unquarantineKeys(dir, options.all ? 'all' : keys);
  for (const q of lifted) out(`unquarantined ${q.key} (${q.name}, job ${q.job}: ${q.reason})`);
  const unknown = keys.filter((k) => !lifted.some((q) => q.key === k));
  if (unknown.length > 0) throw new LoomError('CLI_CACHE_NOT_QUARANTINED', `not quarantined: ${unknown.join(', ')}`, { hint: '`loom cache ls` marks quarantined entries' });
  if (lifted.length === 0) out('nothing was quarantined');
  return 0;
}

export async function cacheCommand(args: string[], options: CacheOptions): Promise<number> {
  try {
    const [action, ...rest] = args;
    const dir = await storeDir();
    if (action === 'ls' && rest.length === 0) return list(dir, options);
    if (action === 'prune' && rest.length === 0) return prune(dir, options);
    if (action === 'unquarantine') return unquarantine(dir, rest, options);
    throw usage(action === undefined ? 'loom cache needs an action' : `unknown cache action "${[action, ...rest].join(' ')}"`);
  } catch (error) {
    if (!isLoomError(error)) throw error;
    process.stderr.write(`${formatLoomError(error)}\n`);
    return 1;
  }
}
