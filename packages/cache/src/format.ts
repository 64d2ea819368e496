/** One human line per job for the terminal and the job manifest: `cache pnpm: hit loom-cache-3f2a1b2c… (41 MB, 0.4 s)`. Pure. */
import type { EntryReport } from './report.js';

/** `<prefix>-<64 hex>` → `<prefix>-<first 8 hex>…`; other keys up to 40 characters. */
export function shortKey(key: string): string {
  const hashed = /^(.*?)([0-9a-f]{64})$/.exec(key);
  if (hashed) return `${hashed[1]}${(hashed[2] as string).slice(0, 8)}…`;
  return key.length > 40 ? `${key.slice(0, 39)}…` : key;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function restorePart(r: EntryReport): string {
  const key = shortKey(r.matched_key ?? r.key);
  const status = r.status.replace('_', ' ');
  if (r.bytes !== null) return `${status} ${key} (${formatBytes(r.bytes)}, ${seconds(r.duration_ms)})`;
  return r.reason && r.status === 'skipped' ? `${status} ${key} (quarantined)` : `${status} ${key}`;
}

function savePart(r: EntryReport): string {
  if (r.status === 'saved') return `saved (${formatBytes(r.bytes ?? 0)}, ${seconds(r.duration_ms)})`;
  if (r.status === 'unchanged') return 'unchanged';
  if (r.status === 'failed') return 'save failed';
  return r.status === 'skipped' ? 'not saved' : r.status;
}

/** Entries in restore order, then any saved-only entries; undefined when the job had no cache work. */
export function formatCacheLine(restored: readonly EntryReport[] = [], saved: readonly EntryReport[] = []): string | undefined {
  const names = [...new Set([...restored.map((r) => r.name), ...saved.map((s) => s.name)])];
  if (names.length === 0) return undefined;
  const parts = names.map((name) => {
    const r = restored.find((e) => e.name === name);
    const s = saved.find((e) => e.name === name);
    const pieces = [r && restorePart(r), s && (r ? savePart(s) : `${savePart(s)} ${shortKey(s.key)}`)].filter(Boolean);
    return `${name}: ${pieces.join(', ')}`;
  });
  return `cache ${parts.join('; ')}`;
}
