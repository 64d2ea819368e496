/**
 * Where the parts of a parsed YAML value stand in the source text, kept beside the plain JS value. Plain
 * objects and arrays rather than Maps/WeakMaps: a 1,000-job file makes ~10,000 of them, and in a cold process
 * the garbage collector's cost for Maps and ephemeron tables was a third of the whole scan.
 */

export type Segment = string | number;

/** Offsets of one mapping's keys and values, or of one sequence's items. */
export type NodeLoc =
  | { kind: 'map'; key: Record<string, number>; value: Record<string, number> }
  | { kind: 'seq'; value: number[] };

export type Locs = Map<object, NodeLoc>;

export function mapLoc(): NodeLoc & { kind: 'map' } {
  return { kind: 'map', key: {}, value: {} };
}

export function seqLoc(): NodeLoc & { kind: 'seq' } {
  return { kind: 'seq', value: [] };
}

/** Sets a key so that `__proto__` stays a plain data key (as `yaml`'s toJS does) instead of a prototype. */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

export function keyOffset(loc: NodeLoc, seg: Segment): number | undefined {
  return loc.kind === 'map' && typeof seg === 'string' && Object.hasOwn(loc.key, seg) ? loc.key[seg] : undefined;
}

export function valueOffset(loc: NodeLoc, seg: Segment): number | undefined {
  if (loc.kind === 'seq') return typeof seg === 'number' ? loc.value[seg] : undefined;
  return typeof seg === 'string' && Object.hasOwn(loc.value, seg) ? loc.value[seg] : undefined;
}

/** Every child of a node with its start (key offset for mapping entries). */
function childStarts(loc: NodeLoc): [Segment, number][] {
  if (loc.kind === 'seq') return loc.value.map((at, i) => [i, at]);
  return Object.keys(loc.value).map((k) => [k, loc.key[k] ?? (loc.value[k] as number)]);
}

/** Children sorted by start, built once per node that a reported problem falls in. */
const byStart = new WeakMap<NodeLoc, [Segment, number][]>();

/**
 * The child (and its start) starting last at or before `offset` (the first written, among children starting at one offset),
 * if it starts at or after `floor`. A binary search: placing one problem per job of a 15,000-job file
 * must not scan every job each time.
 */
export function childAt(loc: NodeLoc, offset: number, floor: number): [Segment, number] | undefined {
  let sorted = byStart.get(loc);
  if (!sorted) {
    sorted = childStarts(loc).sort((a, b) => a[1] - b[1]);
    byStart.set(loc, sorted);
  }
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as [Segment, number])[1] <= offset) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return undefined;
  let i = lo - 1;
  const start = (sorted[i] as [Segment, number])[1];
  while (i > 0 && (sorted[i - 1] as [Segment, number])[1] === start) i--;
  return start >= floor ? sorted[i] : undefined;
}
