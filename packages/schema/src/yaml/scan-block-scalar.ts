/**
 * `|` and `>` block scalars for the fast scanner: auto-detected indentation, any chomping indicator. Explicit
 * indentation indicators, tabs, more-indented lines in folded scalars and whitespace-only lines longer than
 * the content indent are left to the full parser (undefined).
 */
import { spacesAt } from './scan-lines.js';

export interface BlockScalarResult {
  value: string;
  /** Index of the first line after the scalar. */
  next: number;
}

interface Header {
  folded: boolean;
  chomp: '' | '-' | '+';
}

function parseHeader(line: string, p: number): Header | undefined {
  const m = /^([|>])([-+]?)(?:[ \t]+#.*|[ \t]*)$/.exec(line.slice(p));
  if (!m) return undefined;
  return { folded: m[1] === '>', chomp: (m[2] ?? '') as Header['chomp'] };
}

/**
 * `lines` excludes the empty string after a final newline. `unterminated` says the text does not end with a
 * newline: its last line then ends no line (for a blank line that matters to `|+`; after a content line
 * `yaml` adds the break anyway).
 */
export function scanBlockScalar(
  lines: readonly string[],
  at: number,
  p: number,
  ownerIndent: number,
  unterminated: boolean,
): BlockScalarResult | undefined {
  const header = parseHeader(lines[at] as string, p);
  if (!header || ownerIndent < 0) return undefined;
  const body: string[] = [];
  let indent = -1;
  let j = at + 1;
  for (; j < lines.length; j++) {
    const line = lines[j] as string;
    const spaces = spacesAt(line);
    if (spaces === line.length) {
      if (indent >= 0 && spaces > indent) return undefined;
      body.push('');
      continue;
    }
    if (line[spaces] === '\t' && /^[ \t]*$/.test(line)) return undefined;
    // A tab where the scalar's indentation would end it: yaml's verdict depends on context; let it decide.
    if (line[spaces] === '\t' && spaces < Math.max(indent, ownerIndent + 1)) return undefined;
    if (indent < 0) {
      if (spaces <= ownerIndent) break;
      indent = spaces;
      if (body.some((_, k) => (lines[at + 1 + k] as string).length > indent)) return undefined;
    }
    if (spaces < indent) break;
    if (header.folded && (spaces > indent || line[spaces] === '\t')) return undefined;
    body.push(line.slice(indent));
  }
  if (unterminated && j === lines.length && body[body.length - 1] === '') body.pop();
  const value = build(body, header);
  return value === undefined ? undefined : { value, next: j };
}

function build(body: string[], header: Header): string | undefined {
  let last = body.length - 1;
  while (last >= 0 && body[last] === '') last--;
  if (last < 0) return header.chomp === '+' ? undefined : '';
  const content = body.slice(0, last + 1);
  const text = header.folded ? fold(content) : content.join('\n');
  if (header.chomp === '-') return text;
  if (header.chomp === '+') return text + '\n'.repeat(body.length - last);
  return `${text}\n`;
}

/** YAML folding: a single break between text lines becomes a space; each empty line stays a newline. */
function fold(lines: string[]): string {
  let out = '';
  let empties = 0;
  let started = false;
  for (const line of lines) {
    if (line === '') {
      empties++;
      continue;
    }
    if (!started) out += '\n'.repeat(empties);
    else out += empties > 0 ? '\n'.repeat(empties) : ' ';
    out += line;
    started = true;
    empties = 0;
  }
  return out;
}
