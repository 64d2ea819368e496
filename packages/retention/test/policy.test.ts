import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, runsToRemove, type RunFacts } from '../src/index.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 3);

/** Run `i` started `i` hours before NOW (run 0 is the newest). */
const runs = (statuses: RunFacts['status'][], spacingMs = 60 * 60 * 1000): RunFacts[] =>
  statuses.map((status, i) => ({ runId: `loom-run-local-${NOW - i * spacingMs}000000`, startedAtMs: NOW - i * spacingMs, status }));

describe('runsToRemove', () => {
  const policy = { kind: 'policy', policy: DEFAULT_RETENTION } as const;

  it('keeps the 10 most recent runs and removes older successes', () => {
    const all = runs(Array.from({ length: 15 }, () => 'success'));
    expect(runsToRemove(all, policy, NOW)).toEqual(all.slice(10).map((r) => r.runId));
  });

  it('keeps runs that did not succeed (or whose outcome is unknown) for 7 days, then removes them', () => {
    const all = runs(['success', ...Array.from({ length: 11 }, () => 'success' as const), 'failure', 'unknown', 'failure'], 13 * 60 * 60 * 1000);
    const removed = runsToRemove(all, policy, NOW);
    // Runs 12..14 started 6.5, 7.04 and 7.6 days ago: only the first is within 7 days.
    expect(removed).toEqual([all[10], all[11], all[13], all[14]].map((r) => r?.runId));
  });

  it('--older-than removes every run started before the age, whatever its outcome; --all removes all', () => {
    const all = runs(['failure', 'success', 'failure', 'success'], DAY);
    expect(runsToRemove(all, { kind: 'older-than', ageMs: 1.5 * DAY }, NOW)).toEqual([all[2]?.runId, all[3]?.runId]);
    expect(runsToRemove(all, { kind: 'all' }, NOW)).toHaveLength(4);
  });
});
