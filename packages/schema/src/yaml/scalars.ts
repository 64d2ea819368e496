/**
 * Scalar rules of the fast scanner, mirroring the `yaml` package's YAML 1.2 core schema exactly (the
 * differential test in test/yaml-scan.test.ts holds the two together). Anything these helpers cannot decide
 * with certainty makes the scanner give up, so the `yaml` package decides instead.
 */

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INF_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Core-schema resolution of a plain scalar; only a few first characters can start a non-string. */
export function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  if (c === 0x7e || c === 0x6e || c === 0x4e) return NULL.test(raw) ? null : raw; // ~ n N
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) return BOOL.test(raw) ? raw[0] === 't' || raw[0] === 'T' : raw;
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) return resolveNumber(raw);
  return raw;
}

function resolveNumber(raw: string): unknown {
  if (INT.test(raw)) return parseInt(raw, 10);
  if (OCT.test(raw)) return parseInt(raw.substring(2), 8);
  if (HEX.test(raw)) return parseInt(raw.substring(2), 16);
  if (INF_NAN.test(raw)) return raw.slice(-3).toLowerCase() === 'nan' ? NaN : raw[0] === '-' ? -Infinity : Infinity;
  if (EXP.test(raw) || FLOAT.test(raw)) return parseFloat(raw);
  return raw;
}

/** How `yaml`'s toJS turns a scalar key into an object key. */
export function keyString(value: unknown): string {
  return value === null ? '' : String(value);
}

/** A quoted scalar that opens at `start` and closes on the same line; undefined when it does not. */
export interface Quoted {
  value: string;
  /** Index just after the closing quote. */
  end: number;
}

export function singleQuoted(line: string, start: number): Quoted | undefined {
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = line.indexOf("'", from);
    if (close < 0) return undefined;
    value += line.slice(from, close);
    if (line[close + 1] !== "'") return { value, end: close + 1 };
    value += "'";
    from = close + 2;
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

export function doubleQuoted(line: string, start: number): Quoted | undefined {
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = line.indexOf('"', from);
    const slash = line.indexOf('\\', from);
    if (quote < 0) return undefined;
    if (slash < 0 || quote < slash) return { value: value + line.slice(from, quote), end: quote + 1 };
    value += line.slice(from, slash);
    const escaped = unescape(line, slash);
    if (!escaped) return undefined;
    value += escaped.text;
    from = escaped.next;
  }
}

function unescape(line: string, slash: number): { text: string; next: number } | undefined {
  const code = line[slash + 1];
  if (code === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[code];
  if (simple !== undefined && Object.hasOwn(SIMPLE_ESCAPES, code)) return { text: simple, next: slash + 2 };
  const length = Object.hasOwn(HEX_LENGTH, code) ? HEX_LENGTH[code] : undefined;
  if (length === undefined) return undefined;
  const hex = line.slice(slash + 2, slash + 2 + length);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) return undefined;
  const point = parseInt(hex, 16);
  // Lone surrogates and out-of-range points are rare enough to leave to the full parser.
  if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return undefined;
  return { text: String.fromCodePoint(point), next: slash + 2 + length };
}

/** Characters that may not start a plain scalar, in block or flow context (`-` is handled by the caller). */
export const NOT_PLAIN_FIRST = new Set([...',[]{}#&*!|>\'"%@`?:']);

/** True when a plain scalar may start at `p` (conservative: `?x` and `:x` are left to the full parser). */
export function plainStarts(line: string, p: number): boolean {
  const c = line[p];
  if (c === undefined || c === ' ' || c === '\t') return false;
  if (c === '-') return p + 1 < line.length && line[p + 1] !== ' ' && line[p + 1] !== '\t';
  return !NOT_PLAIN_FIRST.has(c);
}

/** End of a block-context plain scalar on its line: before a ` #` comment, trailing blanks trimmed. */
export function plainEnd(line: string, p: number): number {
  let end = line.length;
  let hash = line.indexOf('#', p);
  while (hash > p) {
    const before = line[hash - 1];
    if (before === ' ' || before === '\t') {
      end = hash;
      break;
    }
    hash = line.indexOf('#', hash + 1);
  }
  while (end > p && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end;
}

/** True when only blanks or a blank-separated comment follow `from`. */
export function restIsBlank(line: string, from: number): boolean {
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '#') return i > from || i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t';
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}
