import { describe, expect, it } from 'vitest';
import { isIgnored, parseDockerignore } from '../src/dockerignore.js';

const ignored = (patterns: string, path: string): boolean => isIgnored(parseDockerignore(patterns), path);

describe('.dockerignore matching (Docker semantics)', () => {
  it.each([
    ['node_modules', 'node_modules', true],
    ['node_modules', 'node_modules/x/y.js', true], // a matching parent excludes everything below
    ['node_modules', 'src/node_modules', false], // patterns are anchored at the context root
    ['/dist', 'dist/a.js', true],
    ['./build/', 'build/out', true],
    ['*.log', 'a.log', true],
    ['*.log', 'logs/a.log', false], // `*` does not cross `/`
    ['**/*.log', 'logs/deep/a.log', true],
    ['**/*.log', 'a.log', true],
    ['docs/**', 'docs/a/b.md', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['[!a]x', 'bx', true],
    ['[!a]x', 'ax', false],
    ['file.txt', 'fileXtxt', false], // dots are literal
    ['# comment\n\n  spaced.txt  ', 'spaced.txt', true],
    ['# comment', '# comment', false],
  ])('%j vs %s → %s', (patterns, path, expected) => {
    expect(ignored(patterns, path)).toBe(expected);
  });

  it('lets the last matching pattern win, with `!` re-including', () => {
    const rules = '*.md\n!README.md\nsecret/**\n!secret/public.txt';
    expect(ignored(rules, 'notes.md')).toBe(true);
    expect(ignored(rules, 'README.md')).toBe(false);
    expect(ignored(rules, 'secret/key')).toBe(true);
    expect(ignored(rules, 'secret/public.txt')).toBe(false);
    expect(ignored(`${rules}\nREADME.md`, 'README.md')).toBe(true);
  });
});
