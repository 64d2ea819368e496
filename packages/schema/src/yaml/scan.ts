/**
 * The fast path: a line-based scanner for the YAML subset real workflows use (block mappings and sequences,
 * plain/quoted/block scalars, single-line flow collections, comments). It records offsets as it goes (all of
 * them on request, else those of the root, the jobs, `include` and `needs`). On anything outside the subset (anchors, aliases, tags,
 * multi-line flow or quoted scalars, directives, duplicate keys, syntax errors…) it returns undefined and the
 * caller uses the `yaml` package, which is 5–10× slower on a 1,000-job file but handles and reports everything.
 */
import { scanBlockScalar } from './scan-block-scalar.js';
import { scanFlow } from './scan-flow.js';
import { mapLoc, seqLoc, setKey, type Locs } from './locs.js';
import { plainEnd, plainStarts, resolvePlain, restIsBlank } from './scalars.js';
import { findKey, giveUp, GiveUp, isBlank, isSeqItem, quotedAt, spacesAt, type KeyHit } from './scan-lines.js';
import { MAX_NESTING } from '../limits.js';

export interface Scanned {
  value: unknown;
  /** Offsets of every node with `allLocs`; else of the root, the jobs, `include` and `needs` only. */
  locs: Locs;
  /** Offset of the root node. */
  root: number;
}

// Control characters, BOM, lone CR and the YAML 1.1 line breaks: leave their handling to the full parser.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSUPPORTED = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]|\r(?!\n)/;

/** `base`: offset of `text` in the file it was cut from (pieces.ts scans a large file piece by piece). */
export function scanYaml(text: string, allLocs = false, base = 0): Scanned | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new Scanner(text, allLocs, base).run();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class Scanner {
  private readonly lines: string[];
  private readonly starts: number[] = [];
  /** The text does not end with a newline. */
  private unterminated = false;
  private readonly locs: Locs = new Map();
  /** Depth of the container being scanned (0: the root mapping, 1: a job). */
  private depth = 0;
  /**
   * Inside the root `include` (whose offsets order the included files' issues) or a job's `needs` (whose
   * offsets the planner reports): values whose offsets are kept even without `allLocs`.
   */
  private keep = false;
  /** Next content line after the node just parsed (-1 at the end). */
  private nx = -1;
  /** Offset of the value just parsed, -1 when it was empty. */
  private off = -1;

  constructor(
    text: string,
    private readonly allLocs: boolean,
    base: number,
  ) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    else this.unterminated = true;
    let offset = base;
    for (let i = 0; i < lines.length; i++) {
      this.starts.push(offset);
      const line = lines[i] as string;
      offset += line.length + 1;
      if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
    }
    this.lines = lines;
  }

  run(): Scanned {
    let first = this.next(0, true);
    if (first >= 0 && /^---(?:[ \t]|$)/.test(this.line(first))) {
      if (!restIsBlank(this.line(first), 3)) giveUp();
      first = this.next(first + 1);
    }
    if (first < 0) return { value: null, locs: this.locs, root: this.starts[0] ?? 0 };
    const root = (this.starts[first] as number) + spacesAt(this.line(first));
    const value = this.block(first, -1);
    if (this.nx >= 0) giveUp();
    return { value, locs: this.locs, root };
  }

  /**
   * Whether to record offsets for the container being created: always for the root and the jobs (job
   * sources), else only on demand; recording all of them cost a third of a cold scan.
   */
  private recording(): boolean {
    return this.depth <= 1 || this.allLocs || this.keep;
  }

  private line(i: number): string {
    return this.lines[i] as string;
  }

  /** Index of the next line holding content (not blank, not a comment), from `from`; -1 at the end. */
  private next(from: number, allowMarker = false): number {
    for (let i = from; i < this.lines.length; i++) {
      const line = this.line(i);
      const n = spacesAt(line);
      const c = line[n];
      if (c === undefined || c === '#') continue;
      // A tab even on a blank line: yaml reads it as indentation when a node is pending (`x:` then `\t`:
      // TAB_AS_INDENT) and not otherwise; the full parser decides.
      if (c === '\t') giveUp();
      if (n === 0 && !allowMarker && /^(?:---|\.\.\.)(?:[ \t]|$)/.test(line)) giveUp();
      return i;
    }
    return -1;
  }

  private indent(i: number): number {
    return spacesAt(this.line(i));
  }

  /** A node that starts on its own line `i` (nested under a parent indented `parentIndent`). */
  private block(i: number, parentIndent: number): unknown {
    const line = this.line(i);
    const indent = spacesAt(line);
    if (isSeqItem(line, indent)) return this.sequence(i, indent);
    const key = findKey(line, indent);
    if (key) return this.mapping(i, indent, key);
    return this.inline(i, indent, parentIndent, false);
  }

  private mapping(first: number, col: number, firstKey: KeyHit): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const depth = this.depth;
    // Too deep: the full parser reports it (before anything recurses that far).
    if (depth >= MAX_NESTING) giveUp();
    const loc = this.recording() ? mapLoc() : undefined;
    if (loc) this.locs.set(map, loc);
    let i = first;
    let key = firstKey;
    for (;;) {
      if (Object.hasOwn(map, key.name)) giveUp();
      const keyOffset = (this.starts[i] as number) + key.start;
      if (loc) setKey(loc.key, key.name, keyOffset);
      const kept = this.keep;
      this.keep ||= (depth === 0 && key.name === 'include') || (depth === 1 && key.name === 'needs');
      this.depth = depth + 1;
      const value = this.value(i, key.end, col, true);
      this.depth = depth;
      this.keep = kept;
      setKey(map, key.name, value);
      if (loc) setKey(loc.value, key.name, this.off < 0 ? keyOffset : this.off);
      const nx = this.nx;
      if (nx < 0) return map;
      const indent = this.indent(nx);
      if (indent < col) return map;
      if (indent > col) giveUp();
      key = findKey(this.line(nx), col) ?? giveUp();
      i = nx;
    }
  }

  private sequence(first: number, col: number): unknown[] {
    const items: unknown[] = [];
    const depth = this.depth;
    if (depth >= MAX_NESTING) giveUp();
    const loc = this.recording() ? seqLoc() : undefined;
    if (loc) this.locs.set(items, loc);
    for (let i = first; ; ) {
      this.depth = depth + 1;
      const line = this.line(i);
      let p = col + 1;
      while (line.charCodeAt(p) === 0x20) p++;
      const itemOffset = (this.starts[i] as number) + p;
      let value: unknown;
      if (p < line.length && line[p] !== '#') {
        if (isSeqItem(line, p)) giveUp();
        const key = findKey(line, p);
        value = key ? this.mapping(i, p, key) : this.inline(i, p, col, false);
        loc?.value.push(itemOffset);
      } else {
        value = this.value(i, col + 1, col, false);
        loc?.value.push(this.off < 0 ? itemOffset : this.off);
      }
      items.push(value);
      this.depth = depth;
      const nx = this.nx;
      if (nx < 0) return items;
      const indent = this.indent(nx);
      if (indent < col) return items;
      if (indent > col) giveUp();
      if (!isSeqItem(this.line(nx), indent)) return items;
      i = nx;
    }
  }

  /**
   * The value after a `key:` or `-` at `pos` on line `i`: inline, or a block on the following lines (also a
   * sequence at the key's own indentation, which YAML allows for mapping values).
   */
  private value(i: number, pos: number, ownerIndent: number, inMapping: boolean): unknown {
    const line = this.line(i);
    let p = pos;
    while (isBlank(line[p])) p++;
    if (p < line.length && line[p] !== '#') return this.inline(i, p, ownerIndent, inMapping);
    const nx = this.next(i + 1);
    this.off = -1;
    this.nx = nx;
    if (nx < 0) return null;
    const indent = this.indent(nx);
    if (indent > ownerIndent || (inMapping && indent === ownerIndent && isSeqItem(this.line(nx), indent))) {
      const value = this.block(nx, ownerIndent);
      this.off = (this.starts[nx] as number) + indent;
      return value;
    }
    return null;
  }

  /** A value that starts at `p` on line `i`; sets `off` and `nx`. */
  private inline(i: number, p: number, ownerIndent: number, inMapping: boolean): unknown {
    const line = this.line(i);
    const offset = (this.starts[i] as number) + p;
    const c = line[p];
    if (c === '|' || c === '>') {
      const scalar = scanBlockScalar(this.lines, i, p, ownerIndent, this.unterminated) ?? giveUp();
      this.finish(scalar.next - 1, ownerIndent, offset);
      return scalar.value;
    }
    let value: unknown;
    let end: number;
    if (c === '"' || c === "'") {
      const quoted = quotedAt(line, p) ?? giveUp();
      [value, end] = [quoted.value, quoted.end];
    } else if (c === '[' || c === '{') {
      const flow = scanFlow(line, p, this.starts[i] as number, this.recording() ? this.locs : undefined, MAX_NESTING - this.depth) ?? giveUp();
      [value, end] = [flow.value, flow.end];
    } else {
      if (!plainStarts(line, p)) giveUp();
      end = plainEnd(line, p);
      const raw = line.slice(p, end);
      if (inMapping && /:(?:[ \t]|$)/.test(raw)) giveUp();
      value = resolvePlain(raw);
    }
    if (!restIsBlank(line, end)) giveUp();
    this.finish(i, ownerIndent, offset);
    return value;
  }

  /** After a value ending on line `last`: anything more indented than its owner would continue it. */
  private finish(last: number, ownerIndent: number, offset: number): void {
    const nx = this.next(last + 1);
    if (nx >= 0 && this.indent(nx) > ownerIndent) giveUp();
    this.nx = nx;
    this.off = offset;
  }
}
