/** Edit distance counting an insert, delete, substitute or swap of two neighbours as 1 (optimal string alignment). */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate a typo most likely meant: the nearest by edit distance, if within a third of the name's
 * length (at least 1), or the one that contains it / it contains (`e2e` for `e2e-tests`). Ties: first listed.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (best === undefined || d < best.d) best = { name: candidate, d };
  }
  if (best !== undefined && best.d <= Math.max(1, Math.floor(name.length / 3))) return best.name;
  return candidates.find((c) => c.includes(lower) || lower.includes(c));
}
