/**
 * A config file's text → the settings it makes, or a LoomError at `file:line:column` with a hint. Loaded on
 * demand (yaml costs ~40 ms to import), only when a config file exists.
 */
import { dirname, resolve } from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { LoomError } from '@loom/errors';
import { type ConfigFile, type FileIssue, checkConfigFile } from './file-schema.js';
import type { ConfigLayerName, LayerSetting } from './model.js';

type Segment = string | number;

const SPEC_HINT = '`loom config init` writes a commented example of every key (see runtime-config.md)';

interface Place {
  line: number;
  column: number;
}

function keyOffset(node: unknown, key: Segment | undefined): number | undefined {
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

const nodeAt = (doc: Document, path: Segment[]): unknown => (path.length === 0 ? doc.contents : doc.getIn(path, true));

/** Where to point for `path`: the unknown `key` in the mapping there, else the key of the deepest node that exists. */
function placeOf(doc: Document, lc: LineCounter, path: Segment[], unknownKey?: string): Place {
  const unknownAt = unknownKey === undefined ? undefined : keyOffset(nodeAt(doc, path), unknownKey);
  if (unknownAt !== undefined) return toPlace(lc, unknownAt);
  for (let at = path; at.length > 0; at = at.slice(0, -1)) {
    const offset = keyOffset(nodeAt(doc, at.slice(0, -1)), at.at(-1));
    if (offset !== undefined) return toPlace(lc, offset);
  }
  const range = isNode(doc.contents) ? doc.contents.range : undefined;
  return range ? toPlace(lc, range[0]) : { line: 1, column: 1 };
}

function toPlace(lc: LineCounter, offset: number): Place {
  const { line, col } = lc.linePos(offset);
  return { line, column: col };
}

const dotted = (path: Segment[]): string => path.join('.');


function foundText(doc: Document, path: Segment[]): string {
  const value = path.length === 0 ? doc.toJS() : doc.getIn(path);
  if (value === undefined) return '';
  const text = value !== null && typeof value === 'object' ? (Array.isArray(value) ? 'a sequence' : 'a mapping') : JSON.stringify(value);
  return `; got ${text}`;
}

function describeIssue(issue: FileIssue, doc: Document): { message: string; hint: string; key?: string } {
  const where = issue.path.length === 0 ? 'the top level' : `\`${dotted(issue.path)}\``;
  if (issue.unknownKey) {
    return {
      message: `${issue.message} in ${where}`,
      hint: `remove it or fix its spelling; ${where} allows ${issue.unknownKey.allowed.join(', ')}`,
      key: issue.unknownKey.key,
    };
  }
  const name = issue.path.length === 0 ? 'the file' : where;
  return { message: `${name} ${issue.message}${foundText(doc, issue.path)}`, hint: SPEC_HINT };
}

function issueError(file: string, doc: Document, lc: LineCounter, issues: FileIssue[]): LoomError {
  const described = issues.map((issue) => {
    const d = describeIssue(issue, doc);
    return { ...d, place: placeOf(doc, lc, issue.path, d.key) };
  });
  const first = described[0] as (typeof described)[number];
  const more = described.slice(1).map((d) => `\n  ${file}:${d.place.line}:${d.place.column} ${d.message}`);
  return new LoomError('CONFIG_INVALID', `${first.message}${more.join('')}`, {
    hint: first.hint,
    location: { file, ...first.place },
  });
}

export interface DecodeInput {
  text: string;
  file: string;
  layer: Extract<ConfigLayerName, 'user' | 'repo'>;
}

/** Parses and checks one file; relative paths in it are resolved against its directory. */
export function decodeConfigFile(input: DecodeInput): LayerSetting[] {
  const { text, file } = input;
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = yamlError.linePos?.[0] ?? { line: 1, col: 1 };
    throw new LoomError('CONFIG_YAML_INVALID', `invalid YAML: ${(yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`, {
      hint: 'fix the YAML syntax at that line (indent with spaces, `key: value`); `loom config show` re-checks it',
      location: { file, line: pos.line, column: pos.col },
    });
  }
  const value: unknown = doc.toJS();
  const issues = checkConfigFile(value);
  if (issues.length > 0) throw issueError(file, doc, lc, issues);
  return settingsOf(value as ConfigFile | null, { file, layer: input.layer, doc, lc });
}

interface SettingContext {
  file: string;
  layer: 'user' | 'repo';
  doc: Document;
  lc: LineCounter;
}

function settingsOf(data: ConfigFile | null, ctx: SettingContext): LayerSetting[] {
  const out: LayerSetting[] = [];
  const add = (path: string[], value: string | number | undefined): void => {
    if (value === undefined) return;
    const { line } = placeOf(ctx.doc, ctx.lc, path, undefined);
    out.push({ path, value, origin: { layer: ctx.layer, source: ctx.file, line } });
  };
  const base = dirname(ctx.file);
  add(['runtime', 'docker', 'workspaceMount'], data?.runtime?.docker?.workspaceMount);
  add(['runtime', 'concurrency'], data?.runtime?.concurrency);
  const cacheDir = data?.runtime?.cache?.dir;
  add(['runtime', 'cache', 'dir'], cacheDir === undefined ? undefined : resolve(base, cacheDir));
  for (const [name, alias] of Object.entries(data?.providers?.keepass?.aliases ?? {})) {
    const at = (field: string): string[] => ['providers', 'keepass', 'aliases', name, field];
    add(at('path'), alias?.path === undefined ? undefined : resolve(base, alias.path));
    add(at('passwordEnv'), alias?.passwordEnv);
    add(at('keyfileEnv'), alias?.keyfileEnv);
  }
  add(['providers', 'op', 'serviceAccountTokenEnv'], data?.providers?.op?.serviceAccountTokenEnv);
  return out;
}
