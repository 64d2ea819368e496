/**
 * One parsed YAML file: its plain value, where every key/value stands, and a lazily built line table, so a
 * JSON-pointer-like path can be turned into `line:column` when (and only when) something must be reported.
 */
import { MAX_NESTING } from './limits.js';
import { parseFull, type YamlProblem } from './yaml/full.js';
import { completePiece, parsePieces, rootPieces } from './yaml/pieces.js';
import { childAt, keyOffset, valueOffset, type Locs, type Segment } from './yaml/locs.js';
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
  /** Set when the file was parsed piece by piece (yaml/pieces.ts): where each piece starts. */
  pieces?: readonly number[];
  /** Pieces (by start) whose offsets are all recorded. */
  piecesDone?: Set<number>;
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
  /** Files of at least this many characters are parsed piece by piece (tests lower it). */
  piecesFrom?: number;
}

/** Below this size a whole-file parse is fast enough whatever the path (a 1,000-job file is ~300 KB). */
const PIECES_FROM = 256 * 1024;

export function loadSource(text: string, file: string, options: LoadOptions = {}): LoadedSource {
  const starts = options.full || text.length < (options.piecesFrom ?? PIECES_FROM) ? undefined : rootPieces(text);
  const pieced = starts && parsePieces(text, starts, false, MAX_NESTING);
  if (pieced) {
    const { errors, warnings, marks, complete, ...parsed } = pieced;
    return { doc: { file, text, ...parsed, complete, pieces: starts }, errors, warnings, marks };
  }
  const fast = options.full ? undefined : scanYaml(text);
  if (fast) return { doc: { file, text, ...fast, complete: false }, errors: [], warnings: [], marks: [] };
  const full = parseFull(text, MAX_NESTING);
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
    if (container && !doc.locs.has(node as object) && completeLocs(doc, path[0])) return locate(doc, path, at);
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

/**
 * Re-scans a fast-path document with every offset (same text, same scanner, so the same value): the whole
 * file, or for a file parsed in pieces only the piece of root key `rootKey`. False when nothing was left to
 * learn (so callers retry at most once per piece).
 */
function completeLocs(doc: SourceDoc, rootKey: Segment | undefined): boolean {
  if (doc.complete) return false;
  if (doc.pieces && rootKey !== undefined) return completePiece(doc as SourceDoc & { value: Record<string, unknown> }, String(rootKey));
  const full = doc.pieces ? parsePieces(doc.text, doc.pieces, true, MAX_NESTING) : scanYaml(doc.text, true);
  Object.assign(doc, full ? { value: full.value, locs: full.locs, complete: true } : { complete: true });
  return true;
}

/** The path of the deepest node that starts at or before `offset` (to give YAML-level problems a pointer). */
export function pathAt(doc: SourceDoc, offset: number): Segment[] {
  const path: Segment[] = [];
  let node: unknown = doc.value;
  // Children must start after their parent: an alias shares its anchor's node (and offsets) from elsewhere,
  // and an alias inside its own anchor makes the value cyclic.
  let floor = -1;
  const seen = new Set<unknown>();
  for (;;) {
    const unseen = node !== null && typeof node === 'object' && !seen.has(node);
    if (unseen && !doc.locs.has(node as object) && completeLocs(doc, path[0])) return pathAt(doc, offset);
    const loc = unseen ? doc.locs.get(node as object) : undefined;
    seen.add(node);
    if (!loc) return path;
    const hit = childAt(loc, offset, floor);
    if (!hit) return path;
    const [best, bestAt] = hit;
    path.push(best);
    floor = valueOffset(loc, best) ?? bestAt;
    node = (node as Record<string | number, unknown>)[best];
  }
}

/** RFC 6901 JSON pointer of a path. */
export function pointerOf(path: readonly Segment[]): string {
  return path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}
