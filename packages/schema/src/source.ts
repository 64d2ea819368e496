/**
 * One parsed YAML file: its plain value, where every key/value stands, and a lazily built line table, so a
 * JSON-pointer-like path can be turned into `line:column` when (and only when) something must be reported.
 */
import { parseFull, type YamlProblem } from './yaml/full.js';
import { childStarts, keyOffset, valueOffset, type Locs, type Segment } from './yaml/locs.js';
import { scanYaml } from './yaml/scan.js';
import type { YamlMark } from './yaml/tokens.js';

export type { Segment };

export interface SourceDoc {
  file: string;
  text: string;
  value: unknown;
  locs: Locs;
  root: number;
  /**
   * False when only the root mapping's offsets were recorded (the fast path); `locate` then re-scans the text
   * with every offset, which happens only when something below the root must be reported.
   */
  complete: boolean;
  /** For an included file: offset of its `include` entry in the main file (orders its issues). */
  includedAt?: number;
  lineStarts?: number[];
}

export interface LoadedSource {
  doc: SourceDoc;
  /** YAML syntax errors; when present `doc.value` is only a best effort, good for pointers, not for checks. */
  errors: YamlProblem[];
  warnings: YamlProblem[];
  marks: YamlMark[];
}

export interface LoadOptions {
  /** Skip the fast scanner (tests compare both paths). */
  full?: boolean;
}

export function loadSource(text: string, file: string, options: LoadOptions = {}): LoadedSource {
  const fast = options.full ? undefined : scanYaml(text);
  if (fast) return { doc: { file, text, ...fast, complete: false }, errors: [], warnings: [], marks: [] };
  const full = parseFull(text);
  const doc: SourceDoc = { file, text, value: full.value, locs: full.locs, root: full.root, complete: true };
  return { doc, errors: full.errors, warnings: full.warnings, marks: full.marks };
}

export interface LinePos {
  line: number;
  column: number;
}

/** 1-based line and column (UTF-16 units, as `yaml`'s LineCounter counts) of an offset. */
export function linePos(doc: SourceDoc, offset: number): LinePos {
  const starts = (doc.lineStarts ??= lineStartsOf(doc.text));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: Math.max(1, offset - (starts[lo] as number) + 1) };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Offset of the node at `path` (its key when `at` is 'key' and it sits in a mapping). A path that runs past
 * what exists (a missing key) lands on the deepest existing node's key, or value for sequence items.
 */
export function locate(doc: SourceDoc, path: readonly Segment[], at: 'key' | 'value' = 'value'): number {
  let node: unknown = doc.value;
  let offset = doc.root;
  for (let i = 0; i < path.length; i++) {
    const container = node !== null && typeof node === 'object';
    if (container && !doc.locs.has(node as object) && !doc.complete) {
      completeLocs(doc);
      return locate(doc, path, at);
    }
    const loc = container ? doc.locs.get(node as object) : undefined;
    const seg = path[i] as Segment;
    const valueAt = loc ? valueOffset(loc, seg) : undefined;
    if (!loc || valueAt === undefined) return offset;
    const keyAt = keyOffset(loc, seg);
    const last = i === path.length - 1;
    if (last) return at === 'key' && keyAt !== undefined ? keyAt : valueAt;
    // A missing key below this node is reported at this node's key: "missing key in job build" → `build:`.
    offset = keyAt ?? valueAt;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return offset;
}

/** Re-scans a fast-path document with every offset (same text, same scanner, so the same value). */
function completeLocs(doc: SourceDoc): void {
  if (doc.complete) return;
  const full = scanYaml(doc.text, true);
  if (full) Object.assign(doc, { value: full.value, locs: full.locs, complete: true });
}

/** The path of the deepest node that starts at or before `offset` (to give YAML-level problems a pointer). */
export function pathAt(doc: SourceDoc, offset: number): Segment[] {
  completeLocs(doc);
  const path: Segment[] = [];
  let node: unknown = doc.value;
  // Children must start after their parent: an alias shares its anchor's node (and offsets) from elsewhere,
  // and an alias inside its own anchor makes the value cyclic.
  let floor = -1;
  const seen = new Set<unknown>();
  for (;;) {
    const loc = node !== null && typeof node === 'object' && !seen.has(node) ? doc.locs.get(node) : undefined;
    seen.add(node);
    if (!loc) return path;
    let best: Segment | undefined;
    let bestAt = -1;
    for (const [seg, start] of childStarts(loc)) {
      if (start <= offset && start > bestAt && start >= floor) [best, bestAt] = [seg, start];
    }
    if (best === undefined) return path;
    path.push(best);
    floor = valueOffset(loc, best) ?? bestAt;
    node = (node as Record<string | number, unknown>)[best];
  }
}

/** RFC 6901 JSON pointer of a path. */
export function pointerOf(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
