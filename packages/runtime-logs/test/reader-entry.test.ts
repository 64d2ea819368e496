/** The reader is its own entry for other projects: nothing it imports may pull in the writer. */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Type-only imports vanish at run time, so they do not count.
  const specs = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

function closure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    importsOf(file).forEach(visit);
  };
  visit(entry);
  return [...seen].map((f) => relative(src, f)).sort();
}

describe('@loom/runtime-logs/reader', () => {
  it('loads no writer code at run time', () => {
    const files = closure(join(src, 'reader/index.ts'));
    expect(files).toContain('reader/find-failure.ts');
    expect(files.filter((f) => f.startsWith('writer/') || ['masker.ts', 'atomic-write.ts', 'check-receipt.ts'].includes(f))).toEqual([]);
  });

  it('is declared as its own export', () => {
    const pkg = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8'));
    expect(pkg.exports['./reader'].default).toBe('./dist/reader/index.js');
  });
});
