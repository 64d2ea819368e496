/**
 * The slow, complete path: the `yaml` package's Parser and Composer. Used when the fast scanner gives up.
 * Returns the same shape as the scanner (plain value + offsets), plus YAML errors/warnings and the anchors,
 * aliases and tags found in the token stream.
 */
import type { CST, Document, Node as YamlNode } from 'yaml';
import { mapLoc, seqLoc, setKey, type Locs, type NodeLoc, type Segment } from './locs.js';
import { keyString } from './scalars.js';
import { findMarks, type YamlMark } from './tokens.js';
import { yamlLib } from './lib.js';
import { estimatedDeepest, pastNestingLimit } from './nesting.js';

export interface YamlProblem {
  offset: number;
  message: string;
  /** `yaml`'s error code (`DUPLICATE_KEY`, `MULTIPLE_DOCS`, …), or ours: `TOO_DEEP`, `COLLECTION_KEY`. */
  code: string;
  /** Path of the mapping the problem is in, when known exactly. */
  path?: Segment[];
}

export interface FullParse {
  /** With errors, the best-effort value (only used to give the errors a pointer). */
  value: unknown;
  locs: Locs;
  root: number;
  errors: YamlProblem[];
  warnings: YamlProblem[];
  marks: YamlMark[];
}

/**
 * Composer options: duplicate keys are found by `walk` (`yaml`'s own check compares each key with every
 * earlier one, quadratic in a mapping's size: 5 s for a 15,000-job file), and `logLevel: 'error'` keeps
 * `yaml` from calling process.emitWarning (a collection used as a key becomes a located issue instead).
 */
const COMPOSE = { uniqueKeys: false, logLevel: 'error' } as const;

export function parseFull(text: string, maxNesting: number): FullParse {
  const Y = yamlLib();
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Y.Parser().parse(text));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return tooDeep(estimatedDeepest(text, maxNesting), maxNesting, []);
  }
  const marks = findMarks(tokens);
  let errors: YamlProblem[] = [];
  const deepAt = pastNestingLimit(tokens, maxNesting);
  if (deepAt !== undefined) return tooDeep(deepAt, maxNesting, marks);
  let doc: Document.Parsed | undefined;
  for (const next of new Y.Composer(COMPOSE).compose(tokens, true, text.length)) {
    if (!doc) doc = next;
    else {
      errors.push({ offset: next.range[0], message: 'Source contains multiple documents', code: 'MULTIPLE_DOCS' });
      break;
    }
  }
  const locs: Locs = new Map();
  if (!doc) return { value: null, locs, root: 0, errors, warnings: [], marks };
  // Not `unshift(...list)`: a garbage file has 100,000s of errors, more than a call's arguments may be.
  errors = [...doc.errors.map((e) => ({ offset: e.pos[0], message: e.message, code: e.code })), ...errors];
  const warnings = doc.warnings.map((w) => ({ offset: w.pos[0], message: w.message, code: w.code }));
  const root = doc.contents?.range[0] ?? 0;
  let value: unknown;
  const found: YamlProblem[] = [];
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
    walk(doc.contents, value, locs, found, []);
  } catch (error) {
    // toJS fails on an alias (unresolved, or too many): the alias itself is reported as a mark, so a second
    // issue would only echo it (and a file parsed in pieces would see anchors of other pieces as missing).
    const echo = errors.length > 0 || marks.some((m) => m.kind === 'alias');
    if (!echo) errors.push({ offset: root, message: error instanceof Error ? error.message : String(error), code: 'TO_JS' });
  }
  return { value, locs, root, errors: mergeByOffset(errors, found), warnings, marks };
}

function tooDeep(offset: number, maxNesting: number, marks: YamlMark[]): FullParse {
  const errors = [{ offset, message: `nested deeper than ${maxNesting} levels`, code: 'TOO_DEEP' }];
  return { value: null, locs: new Map(), root: 0, errors, warnings: [], marks };
}

/** Both lists are in document order; the result is too (stable: `yaml`'s own error first at one offset). */
function mergeByOffset(a: YamlProblem[], b: YamlProblem[]): YamlProblem[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => x.offset - y.offset);
}

/**
 * Records offsets of the document's keys and values beside the JS value built by toJS, and reports what
 * toJS folds silently: a key written twice (also `1` and `"1"`, which become the same property) and a
 * collection used as a key (stringified).
 */
function walk(node: YamlNode | null | undefined, value: unknown, locs: Locs, found: YamlProblem[], path: Segment[]): void {
  const Y = yamlLib();
  if (!node || value === null || typeof value !== 'object') return;
  let loc: NodeLoc;
  if (Y.isMap(node)) {
    const map = mapLoc();
    loc = map;
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      if (Y.isCollection(key) && key.range) found.push({ offset: key.range[0], message: 'a key must be a scalar', code: 'COLLECTION_KEY', path: [...path] });
      if (!Y.isScalar(key) || !key.range) continue;
      const name = keyString(key.value);
      if (Object.hasOwn(map.key, name)) found.push({ offset: key.range[0], message: 'Map keys must be unique', code: 'DUPLICATE_KEY' });
      setKey(map.key, name, key.range[0]);
      setKey(map.value, name, valueOffset(pair.value as YamlNode | null, key.range[0]));
      path.push(name);
      walk(pair.value as YamlNode | null, (value as Record<string, unknown>)[name], locs, found, path);
      path.pop();
    }
  } else if (Y.isSeq(node)) {
    const seq = seqLoc();
    loc = seq;
    node.items.forEach((item, index) => {
      const child = item as YamlNode | null;
      // An empty item (`-` or `- # comment`) is placed where its value would start, as the scanner does.
      seq.value.push(child?.range?.[0] ?? node.range?.[0] ?? 0);
      path.push(index);
      walk(child, (value as unknown[])[index], locs, found, path);
      path.pop();
    });
  } else return;
  locs.set(value, loc);
}

/** An empty value (`key:`) is placed at its key, as the fast scanner does. */
function valueOffset(node: YamlNode | null, fallback: number): number {
  if (!node?.range || node.range[0] === node.range[1]) return fallback;
  return node.range[0];
}
