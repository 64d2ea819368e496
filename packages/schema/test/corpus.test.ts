/**
 * The workflow corpus: test/corpus/<feature>/<case>.yml, each with a hand-written <case>.expect listing every
 * issue as `[file:]line:column pointer | message` (and `warning …` lines), in the order `loom check` must
 * print them. No .expect file, or one without issue lines, means the case must parse clean. Included files
 * live under the feature folder's .loom/templates/. Every case is also parsed through the slow YAML path
 * (the `yaml` package) and must give exactly the same result.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../src/index.js';
import { parseWorkflow } from '../src/index.js';
import { parseWorkflowWith } from '../src/parse-workflow.js';

const root = new URL('./corpus/', import.meta.url).pathname;

function cases(): [string, string][] {
  const out: [string, string][] = [];
  for (const feature of readdirSync(root).sort()) {
    if (!statSync(join(root, feature)).isDirectory()) continue;
    for (const file of readdirSync(join(root, feature)).sort()) if (file.endsWith('.yml')) out.push([feature, file]);
  }
  return out;
}

function render(result: ParseResult, mainFile: string): string[] {
  const where = (f: { file: string; line: number; column: number }) => `${f.file === mainFile ? '' : `${f.file}:`}${f.line}:${f.column}`;
  const issues = result.ok ? [] : result.issues.map((i) => `${where(i)} ${i.pointer || '/'} | ${i.message}`);
  return [...issues, ...result.warnings.map((w) => `warning ${where(w)} ${w.pointer || '/'} | ${w.message}`)];
}

function expected(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

describe('workflow corpus', () => {
  const all = cases();
  it('has cases for every feature', () => {
    expect(new Set(all.map(([f]) => f)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(all)('%s/%s', (feature, file) => {
    const dir = join(root, feature);
    const text = readFileSync(join(dir, file), 'utf8');
    const readInclude = (p: string) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p), 'utf8') : undefined);
    const result = parseWorkflow(text, file, { readInclude });
    expect(render(result, file)).toEqual(expected(join(dir, file.replace(/\.yml$/, '.expect'))));
    expect(parseWorkflowWith(text, file, { readInclude }, { full: true })).toEqual(result);
  });
});
