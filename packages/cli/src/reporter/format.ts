/** How the terminal shows times, statuses and job headers. Pure. */

/** `850ms`, `1.2s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

export interface Counts {
  success: number;
  failed: number;
  skipped: number;
}

/** `3 succeeded, 1 failed, 2 skipped` (zero counts left out, but never an empty string). */
function formatCounts(counts: Counts): string {
  const parts = [
    counts.success > 0 ? `${counts.success} succeeded` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
    counts.skipped > 0 ? `${counts.skipped} skipped` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'no jobs';
}

/** The last line before the receipt: the run's outcome. */
export function statusLine(outcome: { status: string; exitCode: number; durationMs: number; counts?: Counts; error?: string }): string {
  const what = outcome.error ?? (outcome.counts ? formatCounts(outcome.counts) : '');
  const exit = outcome.exitCode === 0 ? '' : ` (exit code ${outcome.exitCode})`;
  return `loom run ${outcome.status}${what ? `: ${what}` : ''} in ${formatDuration(outcome.durationMs)}${exit}`;
}

/** `512 B`, `1.5 KiB`, `200.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
