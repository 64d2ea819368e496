/** Line-level helpers of the fast scanner (scan.ts): indentation, sequence items, `key:` detection. */
import { doubleQuoted, keyString, plainEnd, plainStarts, resolvePlain, singleQuoted, type Quoted } from './scalars.js';

/** Thrown inside the scanner to give up; never escapes `scanYaml`. */
export class GiveUp extends Error {}

export function giveUp(): never {
  throw new GiveUp();
}

export interface KeyHit {
  name: string;
  start: number;
  /** Index just after the `:`. */
  end: number;
}

export function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

export function spacesAt(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 0x20) n++;
  return n;
}

export function isSeqItem(line: string, indent: number): boolean {
  if (line[indent] !== '-') return false;
  const next = line[indent + 1];
  if (next === '\t') giveUp();
  return next === undefined || next === ' ';
}

export function quotedAt(line: string, p: number): Quoted | undefined {
  return line[p] === '"' ? doubleQuoted(line, p) : singleQuoted(line, p);
}

/** A `key:` starting at `p` (plain or single-line quoted), or undefined when the line holds no key there. */
export function findKey(line: string, p: number): KeyHit | undefined {
  const c = line[p];
  if (c === '"' || c === "'") {
    const quoted = quotedAt(line, p) ?? giveUp();
    let e = quoted.end;
    while (isBlank(line[e])) e++;
    if (line[e] === ':' && (e + 1 === line.length || isBlank(line[e + 1]))) return { name: quoted.value, start: p, end: e + 1 };
    return undefined;
  }
  if (!plainStarts(line, p)) return undefined;
  const limit = plainEnd(line, p);
  for (let k = line.indexOf(':', p); k >= 0 && k < limit; k = line.indexOf(':', k + 1)) {
    if (k + 1 === line.length || isBlank(line[k + 1])) {
      if (k > limit) return undefined;
      const raw = line.slice(p, k).trimEnd();
      if (raw.length > 1024) giveUp();
      return { name: keyString(resolvePlain(raw)), start: p, end: k + 1 };
    }
  }
  return undefined;
}

