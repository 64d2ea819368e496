/**
 * Single-line flow collections (`[a, "b"]`, `{context: ., dockerfile: x}`) for the fast scanner. Flow
 * collections spanning lines, implicit pairs in sequences, `{a, b}` and trailing commas are left to the full
 * parser (the scanner gives up by returning undefined).
 */
import { mapLoc, seqLoc, setKey, type Locs } from './locs.js';
import { doubleQuoted, keyString, NOT_PLAIN_FIRST, resolvePlain, singleQuoted } from './scalars.js';

export interface FlowResult {
  value: unknown;
  end: number;
}

interface FlowCtx {
  line: string;
  /** Offset of the line in the text. */
  base: number;
  /** Undefined when offsets are not wanted (the fast path records them only on demand). */
  locs: Locs | undefined;
  /** Collections that may still open (the nesting limit); past it the full parser reports. */
  levels: number;
}

const FLOW_STOP = new Set([...',[]{}']);

export function scanFlow(line: string, start: number, base: number, locs: Locs | undefined, levels: number): FlowResult | undefined {
  return node({ line, base, locs, levels }, start);
}

function skip(line: string, p: number): number {
  while (line[p] === ' ' || line[p] === '\t') p++;
  return p;
}

function node(ctx: FlowCtx, p: number): FlowResult | undefined {
  const c = ctx.line[p];
  if (c === '[' || c === '{') {
    if (ctx.levels <= 0) return undefined;
    ctx.levels--;
    const result = c === '[' ? sequence(ctx, p) : mapping(ctx, p);
    ctx.levels++;
    return result;
  }
  if (c === '"') return doubleQuoted(ctx.line, p);
  if (c === "'") return singleQuoted(ctx.line, p);
  return plain(ctx.line, p);
}

function plain(line: string, p: number): FlowResult | undefined {
  const c = line[p];
  if (c === undefined || NOT_PLAIN_FIRST.has(c) || (c === '-' && !/[^\s,[\]{}]/.test(line[p + 1] ?? ' '))) return undefined;
  let q = p;
  for (; q < line.length; q++) {
    const ch = line[q] as string;
    if (FLOW_STOP.has(ch)) break;
    if (ch === ':' && /^[\s,[\]{}]?$/.test(line[q + 1] ?? '')) break;
    if (ch === '#' && (line[q - 1] === ' ' || line[q - 1] === '\t')) return undefined;
  }
  let end = q;
  while (end > p && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (end === p) return undefined;
  return { value: resolvePlain(line.slice(p, end)), end };
}

function sequence(ctx: FlowCtx, open: number): FlowResult | undefined {
  const items: unknown[] = [];
  const loc = seqLoc();
  ctx.locs?.set(items, loc);
  let p = skip(ctx.line, open + 1);
  if (ctx.line[p] === ']') return { value: items, end: p + 1 };
  for (;;) {
    const item = node(ctx, p);
    if (!item) return undefined;
    loc.value.push(ctx.base + p);
    items.push(item.value);
    p = skip(ctx.line, item.end);
    const c = ctx.line[p];
    if (c === ']') return { value: items, end: p + 1 };
    if (c !== ',') return undefined;
    p = skip(ctx.line, p + 1);
    if (ctx.line[p] === ']') return undefined;
  }
}

function mapping(ctx: FlowCtx, open: number): FlowResult | undefined {
  const map: Record<string, unknown> = {};
  const loc = mapLoc();
  ctx.locs?.set(map, loc);
  let p = skip(ctx.line, open + 1);
  if (ctx.line[p] === '}') return { value: map, end: p + 1 };
  for (;;) {
    const key = ctx.line[p] === '"' || ctx.line[p] === "'" ? node(ctx, p) : plain(ctx.line, p);
    if (!key || (key.value !== null && typeof key.value === 'object')) return undefined;
    const name = keyString(key.value);
    if (Object.hasOwn(map, name)) return undefined;
    const keyAt = ctx.base + p;
    setKey(loc.key, name, keyAt);
    p = skip(ctx.line, key.end);
    if (ctx.line[p] !== ':' || !/^[\s,}]/.test(ctx.line[p + 1] ?? '')) return undefined;
    p = skip(ctx.line, p + 1);
    let value: unknown = null;
    const empty = ctx.line[p] === ',' || ctx.line[p] === '}';
    // An empty value has no place of its own: issues about it point at its key, as on the full YAML path.
    setKey(loc.value, name, empty ? keyAt : ctx.base + p);
    if (!empty) {
      const item = node(ctx, p);
      if (!item) return undefined;
      value = item.value;
      p = skip(ctx.line, item.end);
    }
    setKey(map, name, value);
    const c = ctx.line[p];
    if (c === '}') return { value: map, end: p + 1 };
    if (c !== ',') return undefined;
    p = skip(ctx.line, p + 1);
    if (ctx.line[p] === '}') return undefined;
  }
}
