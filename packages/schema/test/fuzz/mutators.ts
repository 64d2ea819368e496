/**
 * Hostile inputs for `loom check`, built from a corpus of real workflows: fast-check arbitraries that pick a
 * corpus file and apply one to four mutators. Each mutator is a pure function of the text and the random
 * numbers fast-check draws, so a failure shrinks and replays from its seed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

/** Every .yml under test/corpus (workflows and templates, valid and not) and the repository's own workflow. */
export function corpus(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) files.push(readFileSync(path, 'utf8'));
    }
  };
  walk(new URL('../corpus/', import.meta.url).pathname);
  files.push(readFileSync(new URL('../../../../.loom/workflow.yml', import.meta.url), 'utf8'));
  return files;
}

/** Random numbers a mutator may use (fast-check draws them, so shrinking works on them too). */
export interface Dice {
  a: number;
  b: number;
  n: number;
  pick: number;
}

type Mutator = (text: string, d: Dice) => string;

const lines = (text: string) => text.split('\n');
const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** Line index and column inside it, from the dice. */
function spot(text: string, d: Dice): { ls: string[]; i: number; col: number } {
  const ls = lines(text);
  const i = d.a % ls.length;
  return { ls, i, col: d.b % ((ls[i] as string).length + 1) };
}

function insertAt(text: string, d: Dice, piece: string): string {
  const { ls, i, col } = spot(text, d);
  const line = ls[i] as string;
  ls[i] = line.slice(0, col) + piece + line.slice(col);
  return ls.join('\n');
}

function onLine(text: string, d: Dice, change: (line: string, ls: string[], i: number) => void): string {
  const { ls, i } = spot(text, d);
  change(ls[i] as string, ls, i);
  return ls.join('\n');
}

const ODD_CHARS = ['\0', '\x01', '\x7f', '\ufeff', '\u2028', '\u0085', '\r', '\t', '\ud800', '😀', 'é', '\\', '"', "'", '`', '%', '@', '|', '>', '*', '&', '!', '?', ':', '-', '#', '{', '}', '[', ']', ','];
const WORDS = ['version', 'stages', 'include', 'default', 'workflow', 'variables', 'stage', 'target', 'script', 'extends', 'needs', 'image', 'cache', 'services', 'secrets', 'artifacts', 'paths', 'key', 'files', 'name', 'ref', 'local', 'rules', 'if', 'policy', 'when', 'runner_pool', 'invariant', '.base', 'job', '__proto__', 'constructor'];
const VALUES = ['v1', 'linux', 'ci', 'null', '~', '', 'true', 'no', '0x1F', '1e400', '.inf', '-.nan', '0o17', '2001-12-14', '"quoted"', "'single'", '[]', '{}', '[a, b]', '{a: 1}', '|', '>-', '"\\q"', '"\\u00"', 'env://X', 'keepass://a#b:c', '../up', '/abs', '*', '&'];

const ROOT_KEYS = new Set(['version', 'stages', 'include', 'default', 'workflow', 'variables']);
const deepFlow = (n: number, open: boolean) => '['.repeat(n) + (open ? '' : ']'.repeat(n));
const deepBlockMap = (n: number, indent: number) => Array.from({ length: n }, (_, k) => `${' '.repeat(indent + k + 1)}k${k}:`).join('\n');

/** The mutators, by name (names show in a failure's counterexample). */
export const MUTATORS: Record<string, Mutator> = {
  insertOddChar: (t, d) => insertAt(t, d, at(ODD_CHARS, d.pick)),
  insertNul: (t, d) => insertAt(t, d, '\0'),
  deleteChar: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = line.slice(0, d.b % (line.length + 1)) + line.slice((d.b % (line.length + 1)) + 1))),
  truncate: (t, d) => t.slice(0, d.a % (t.length + 1)),
  bom: (t) => `\ufeff${t}`,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  loneCr: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = `${line}\r`)),
  tabIndent: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = line.replace(/^ +/, '\t'))),
  tabAfterColon: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = line.replace(/: /, ':\t'))),
  indent: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = ' '.repeat(1 + (d.n % 4)) + line)),
  dedent: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = line.replace(/^ {1,2}/, ''))),
  swapLines: (t, d) => {
    const ls = lines(t);
    const [i, j] = [d.a % ls.length, d.b % ls.length];
    [ls[i], ls[j]] = [ls[j] as string, ls[i] as string];
    return ls.join('\n');
  },
  deleteLine: (t, d) => onLine(t, d, (_line, ls, i) => ls.splice(i, 1)),
  duplicateLine: (t, d) => onLine(t, d, (line, ls, i) => ls.splice(i, 0, line)), // duplicate keys, mostly
  duplicateBlock: (t, d) => {
    const ls = lines(t);
    const i = d.a % ls.length;
    return [...ls.slice(0, i + 1 + (d.n % 6)), ...ls.slice(i, i + 1 + (d.n % 6)), ...ls.slice(i + 1 + (d.n % 6))].join('\n');
  },
  joinLines: (t, d) => onLine(t, d, (line, ls, i) => ls.splice(i, 2, line + (ls[i + 1] ?? ''))),
  splitLine: (t, d) => insertAt(t, d, '\n'),
  anchorAlias: (t, d) => insertAt(insertAt(t, d, at([' &a', ' &b ', '&a '], d.pick)), { ...d, a: d.a + 3 }, at([' *a', '*a', ' *b', ' <<: *a'], d.n)),
  tag: (t, d) => insertAt(t, d, at([' !!str ', ' !!map ', ' !custom ', '!<tag:yaml.org,2002:int> ', ' !!binary '], d.pick)),
  directive: (t, d) => at(['%YAML 1.2\n---\n', '%TAG ! tag:x,2000:\n---\n', '---\n', '--- |\n'], d.pick) + t,
  secondDocument: (t, d) => `${t}\n${at(['---', '...', '--- x'], d.pick)}\n${t}`,
  hugeScalar: (t, d) => {
    const big = 'x'.repeat(10_000 + (d.n % 200_000));
    return insertAt(t, d, at([big, `"${big}"`, `'${big}'`, `|\n  ${big}\n`, `# ${big}`], d.pick));
  },
  hugeKey: (t, d) => `${'k'.repeat(1000 + (d.n % 5000))}: 1\n${t}`,
  deepFlow: (t, d) => insertAt(t, d, deepFlow(1 + (d.n % 6000), d.pick % 2 === 0)),
  deepFlowMap: (t, d) => insertAt(t, d, `${'{a: '.repeat(1 + (d.n % 4000))}${d.pick % 2 ? '' : `1${'}'.repeat(1 + (d.n % 4000))}`}`),
  // Up to 700 levels: 5,000 block levels are 12 MB of indentation (limits.test.ts covers those).
  deepBlock: (t, d) => `${t}\ndeep:\n${deepBlockMap(1 + (d.n % 700), 0)} 1\n`,
  deepCompactSeq: (t, d) => `${t}\ndeep:\n  ${'- '.repeat(1 + (d.n % 5000))}1\n`,
  collectionKey: (t, d) => insertAt(t, d, at(['{[ci]', '{[a]: 1}', '{{a: 1}: 2}', '? [a]\n: b', '[a]: 1', '{? {a: b}}'], d.pick)),
  randomKeyValue: (t, d) => onLine(t, d, (line, ls, i) => ls.splice(i, 0, `${line.match(/^ */)?.[0] ?? ''}${at(WORDS, d.pick)}: ${at(VALUES, d.n)}`)),
  replaceValue: (t, d) => onLine(t, d, (line, ls, i) => (ls[i] = line.replace(/:( .*)?$/, `: ${at(VALUES, d.pick)}`))),
  flowMultiLine: (t, d) => insertAt(t, d, at(['[a,\n  b]', '{a: 1,\nb: 2}', '"multi\n  line"', "'a\nb'"], d.pick)),
  comment: (t, d) => insertAt(t, d, at([' # c', '#', ' #: x'], d.pick)),
  /** A file over 256 KiB, parsed piece by piece (jobs copied under new names), then mutated again by others. */
  grow: (t, d) => {
    const copies = 60 + (d.n % 60);
    const rename = (k: number) => (line: string, name: string) => (ROOT_KEYS.has(name) ? line : `${name}-g${k}:`);
    const body = Array.from({ length: copies }, (_, k) => t.replace(/^([.a-z][a-z0-9_-]*):/gm, rename(k))).join('\n');
    return `${t}\n${body.length < 262_144 ? body.repeat(Math.ceil(262_144 / Math.max(1, body.length))) : body}`;
  },
};

/** Mutators that build large or deeply nested inputs (10–100 ms each): drawn a quarter as often as the others. */
const HEAVY = new Set(['grow', 'deepFlow', 'deepFlowMap', 'deepBlock', 'deepCompactSeq', 'hugeScalar', 'hugeKey']);
const NAME = fc.oneof(...Object.keys(MUTATORS).map((name) => ({ arbitrary: fc.constant(name), weight: HEAVY.has(name) ? 1 : 4 })));
const dice = fc.record({ a: fc.nat(), b: fc.nat(), n: fc.nat(), pick: fc.nat() });

export interface Mutation {
  seed: number;
  steps: { name: string; dice: Dice }[];
}

/** A corpus file index and one to four mutations (names and dice). */
export function mutations(corpusSize: number): fc.Arbitrary<Mutation> {
  return fc.record({
    seed: fc.nat({ max: corpusSize - 1 }),
    steps: fc.array(fc.record({ name: NAME, dice }), { minLength: 1, maxLength: 4 }),
  });
}

export function apply(seeds: readonly string[], m: Mutation): string {
  return m.steps.reduce((text, step) => (MUTATORS[step.name] as Mutator)(text, step.dice), seeds[m.seed] as string);
}
