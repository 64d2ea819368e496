/**
 * Property tests: parseWorkflow never throws and every issue and warning has a position (line ≥ 1,
 * column ≥ 1), on random text, on random YAML-shaped documents, and on corpus files with random edits.
 * On the same edited files, the fast scanner and the `yaml` package must lead to identical results.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ParseResult } from '../src/index.js';
import { parseWorkflow } from '../src/index.js';
import { parseWorkflowWith } from '../src/parse-workflow.js';

const corpusDir = new URL('./corpus/', import.meta.url);
const seeds = readdirSync(corpusDir).flatMap((feature) =>
  readdirSync(new URL(`${feature}/`, corpusDir))
    .filter((f) => f.endsWith('.yml'))
    .map((f) => readFileSync(new URL(`${feature}/${f}`, corpusDir), 'utf8')),
);
const readInclude = (path: string) => (path.endsWith('a.yml') ? '.base:\n  target: linux\n' : undefined);

function wellPlaced(result: ParseResult): boolean {
  const all = [...(result.ok ? [] : result.issues), ...result.warnings];
  for (const p of all) {
    if (!(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1)) throw new Error(JSON.stringify(p));
    if (typeof p.pointer !== 'string' || (p.pointer !== '' && !p.pointer.startsWith('/'))) throw new Error(JSON.stringify(p));
  }
  if (!result.ok && result.issues.length === 0) throw new Error('failed without issues');
  return true;
}

const EDIT = fc.record({
  line: fc.nat(),
  pos: fc.nat(),
  kind: fc.constantFrom('indent', 'dedent', 'drop', 'duplicate', 'insert', 'delete', 'join'),
  text: fc.constantFrom(' ', '-', ':', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', '\t', 'x', '\n', '&a', '*a', '!!str', '5', 'null', '.', 'stage: ci', '- x'),
});

function edit(text: string, edits: { line: number; pos: number; kind: string; text: string }[]): string {
  const lines = text.split('\n');
  for (const e of edits) {
    const i = e.line % lines.length;
    const line = lines[i] as string;
    const p = e.pos % (line.length + 1);
    if (e.kind === 'indent') lines[i] = ` ${line}`;
    else if (e.kind === 'dedent') lines[i] = line.replace(/^ /, '');
    else if (e.kind === 'drop' && lines.length > 1) lines.splice(i, 1);
    else if (e.kind === 'duplicate') lines.splice(i, 0, line);
    else if (e.kind === 'insert') lines[i] = line.slice(0, p) + e.text + line.slice(p);
    else if (e.kind === 'delete') lines[i] = line.slice(0, p) + line.slice(p + 1);
    else if (e.kind === 'join' && i + 1 < lines.length) lines.splice(i, 2, line + (lines[i + 1] as string));
  }
  return lines.join('\n');
}

/** YAML-ish documents built from workflow vocabulary, so the checks (not just the YAML parser) are reached. */
const WORD = fc.constantFrom('version', 'stages', 'include', 'default', 'workflow', 'variables', 'stage', 'target', 'script', 'extends',
  'needs', 'image', 'cache', 'services', 'secrets', 'artifacts', 'paths', 'name', 'ref', 'local', 'rules', 'if', 'job', '.tpl', 'A', 'v1', 'linux', 'ci');
const VALUE = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, WORD, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(WORD, tie('node'), { maxKeys: 4 })),
})).node;

describe('parseWorkflow properties', () => {
  it('never throws and places every issue, on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => wellPlaced(parseWorkflow(text, 'w.yml', { readInclude }))), { numRuns: 300 });
  });

  it('never throws and places every issue, on random workflow-shaped documents', () => {
    fc.assert(
      fc.property(fc.dictionary(WORD, VALUE, { maxKeys: 6 }), fc.boolean(), (doc, flow) =>
        wellPlaced(parseWorkflow(stringify(doc, { collectionStyle: flow ? 'flow' : 'block' }), 'w.yml', { readInclude })),
      ),
      { numRuns: 300 },
    );
  });

  it('places an issue about an empty flow-mapping value at its key on both YAML paths (found with seed 492806685)', () => {
    const text = 'version: v1\nstages: [ci]\nb:\n  stage: ci\n  script: [x]\n  needs: [{job: }, {job:}]\n';
    const fast = parseWorkflow(text, 'w.yml', { readInclude });
    wellPlaced(fast);
    expect(parseWorkflowWith(text, 'w.yml', { readInclude }, { full: true })).toEqual(fast);
  });

  it('gives the same result on both YAML paths, and places every issue, on edited corpus files', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(EDIT, { minLength: 1, maxLength: 4 }), (seed, edits) => {
        const text = edit(seed, edits);
        const fast = parseWorkflow(text, 'w.yml', { readInclude });
        wellPlaced(fast);
        expect(parseWorkflowWith(text, 'w.yml', { readInclude }, { full: true })).toEqual(fast);
        return true;
      }),
      { numRuns: 400 },
    );
  });
});
