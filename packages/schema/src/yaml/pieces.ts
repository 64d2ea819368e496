/**
 * Large files, piece by piece. A workflow's root is a block mapping at column 0, and in YAML a line starting
 * at column 0 with a `key:` always starts the next root entry (a quoted string, flow collection or block
 * scalar cannot run over it; `yaml` reports an error and restarts there too). So a large file is cut before
 * each such line, each piece goes to the fast scanner, and only the pieces it gives up on go to the `yaml`
 * package: one mistake in a 5 MB file costs a full parse of its job, not of the file (which takes ~4× the
 * scanner's time). A file that does not cut cleanly (a document marker, a root sequence, `? key`…) is left
 * to the whole-file paths.
 */
import { parseFull, type FullParse, type YamlProblem } from './full.js';
import { mapLoc, setKey, type Locs, type NodeLoc } from './locs.js';
import { findKey, GiveUp } from './scan-lines.js';
import { scanYaml } from './scan.js';
import type { YamlMark } from './tokens.js';

/** Offsets where each piece starts (the first is 0), or undefined when the file does not cut cleanly. */
export function rootPieces(text: string): number[] | undefined {
  const starts = [0];
  let seenKey = false;
  for (let at = 0; at < text.length; ) {
    const eol = text.indexOf('\n', at);
    const end = eol < 0 ? text.length : eol;
    const c = text[at];
    if (c !== undefined && at < end && c !== ' ' && c !== '\t' && c !== '#' && c !== '\r') {
      if (!isRootKey(text.slice(at, end))) return undefined;
      if (seenKey) starts.push(at);
      seenKey = true;
    } else if (!seenKey && !/^[ \t\r]*(?:#|$)/.test(text.slice(at, end))) {
      return undefined; // content before the first root key: the root is not a mapping at column 0
    }
    at = end + 1;
  }
  return starts.length > 1 ? starts : undefined;
}

function isRootKey(line: string): boolean {
  if (/^(?:---|\.\.\.|[-?%])/.test(line)) return false;
  try {
    return findKey(line.replace(/\r$/, ''), 0) !== undefined;
  } catch (error) {
    if (error instanceof GiveUp) return false;
    throw error;
  }
}

/**
 * The pieces parsed and joined into one result, offsets in the whole text. `complete`: every offset kept.
 * Undefined when a piece holds an alias: it may stand for an anchor in another piece, which only a
 * whole-file parse resolves (the pointers of the issues need the resolved value).
 */
export function parsePieces(
  text: string,
  starts: readonly number[],
  allLocs: boolean,
  maxNesting: number,
): (FullParse & { complete: boolean }) | undefined {
  const value: Record<string, unknown> = {};
  const rootLoc = mapLoc();
  const locs: Locs = new Map([[value, rootLoc]]);
  const errors: YamlProblem[] = [];
  const warnings: YamlProblem[] = [];
  const marks: YamlMark[] = [];
  let complete = true;
  let root: number | undefined;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    const piece = text.slice(start, starts[i + 1] ?? text.length);
    let parsed: Pick<FullParse, 'value' | 'locs' | 'root'> | undefined = scanYaml(piece, allLocs, start);
    if (parsed) complete &&= allLocs;
    else {
      const full = shifted(parseFull(piece, maxNesting), start);
      if (full.marks.some((m) => m.kind === 'alias')) return undefined;
      // One by one: a garbage piece can have more problems than a call may take arguments.
      for (const e of full.errors) errors.push(e);
      for (const w of full.warnings) warnings.push(w);
      for (const m of full.marks) marks.push(m);
      parsed = full;
    }
    root ??= parsed.root;
    const loc = parsed.value !== null && typeof parsed.value === 'object' ? parsed.locs.get(parsed.value) : undefined;
    if (loc?.kind !== 'map') continue;
    for (const [object, at] of parsed.locs) if (object !== parsed.value) locs.set(object, at);
    for (const [key, keyAt] of Object.entries(loc.key)) {
      if (Object.hasOwn(value, key)) errors.push({ offset: keyAt, message: 'Map keys must be unique', code: 'DUPLICATE_KEY' });
      setKey(value, key, (parsed.value as Record<string, unknown>)[key]);
      setKey(rootLoc.key, key, keyAt);
      setKey(rootLoc.value, key, loc.value[key] as number);
    }
  }
  // In document order, as one whole-file parse gives them (a duplicate root key comes before its piece's errors).
  errors.sort((a, b) => a.offset - b.offset);
  return { value, locs, root: root ?? 0, errors, warnings, marks, complete };
}

/** A piece's `yaml` parse with its offsets moved to where the piece stands in the file. */
function shifted(full: FullParse, by: number): FullParse {
  const move = (p: YamlProblem): YamlProblem => ({ ...p, offset: p.offset + by });
  for (const loc of full.locs.values()) shiftLoc(loc, by);
  return {
    ...full,
    root: full.root + by,
    errors: full.errors.map(move),
    warnings: full.warnings.map(move),
    marks: full.marks.map((m) => ({ ...m, offset: m.offset + by })),
  };
}

function shiftLoc(loc: NodeLoc, by: number): void {
  if (loc.kind === 'seq') {
    loc.value.forEach((at, i) => (loc.value[i] = at + by));
    return;
  }
  for (const k of Object.keys(loc.key)) loc.key[k] = (loc.key[k] as number) + by;
  for (const k of Object.keys(loc.value)) loc.value[k] = (loc.value[k] as number) + by;
}

interface PiecedDoc {
  text: string;
  value: Record<string, unknown>;
  locs: Locs;
  root: number;
  pieces?: readonly number[];
  piecesDone?: Set<number>;
}

/**
 * Records every offset of the piece holding root key `key`, replacing its value by the re-scan's (the same
 * text scans to the same value). False when that piece is already complete or the key is not a root key.
 */
export function completePiece(doc: PiecedDoc, key: string): boolean {
  const rootLoc = doc.locs.get(doc.value);
  const keyAt = rootLoc?.kind === 'map' && Object.hasOwn(rootLoc.key, key) ? rootLoc.key[key] : undefined;
  if (keyAt === undefined || !doc.pieces) return false;
  const starts = doc.pieces;
  let lo = 0;
  for (let hi = starts.length - 1; lo < hi; ) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= keyAt) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo] as number;
  doc.piecesDone ??= new Set();
  if (doc.piecesDone.has(start)) return false;
  doc.piecesDone.add(start);
  const scanned = scanYaml(doc.text.slice(start, starts[lo + 1] ?? doc.text.length), true, start);
  if (!scanned || scanned.value === null || typeof scanned.value !== 'object') return false;
  for (const [object, at] of scanned.locs) if (object !== scanned.value) doc.locs.set(object, at);
  setKey(doc.value, key, (scanned.value as Record<string, unknown>)[key]);
  return true;
}
