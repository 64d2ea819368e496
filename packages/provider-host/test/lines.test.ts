import type { OutputLine } from '@loom/contracts';
import { describe, expect, it } from 'vitest';
import { lineSplitter } from '../src/lines.js';

function split(chunks: string[], maxLineBytes?: number): string[] {
  const lines: OutputLine[] = [];
  const splitter = lineSplitter('stdout', (line) => lines.push(line), maxLineBytes);
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  splitter.flush();
  return lines.map((l) => l.bytes.toString());
}

describe('lineSplitter', () => {
  it('joins a line split across chunks and splits chunks holding several lines', () => {
    expect(split(['ab', 'c\nd', 'e\nf\n', '\n'])).toEqual(['abc', 'de', 'f', '']);
  });

  it('flushes an unterminated last line once, and nothing when the output ended with \\n', () => {
    expect(split(['a\nrest'])).toEqual(['a', 'rest']);
    expect(split(['a\n'])).toEqual(['a']);
    expect(split([])).toEqual([]);
  });

  it('hands on an overlong line in pieces of maxLineBytes', () => {
    expect(split(['abcdefg', 'hij\nxy'], 4)).toEqual(['abcd', 'efgh', 'ij', 'xy']);
    expect(split(['abcdefghij\n'], 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('cuts a long line the same way however its bytes were chunked', () => {
    const whole = split(['abcdefgh\n'], 4);
    expect(whole).toEqual(['abcd', 'efgh']);
    expect(split(['abcdefgh', '\n'], 4)).toEqual(whole);
    expect(split(['ab', 'cdefg', 'h', '\n'], 4)).toEqual(whole);
  });

  it('copies each line, so a kept line does not pin its read chunk', () => {
    const lines: OutputLine[] = [];
    const text = 'one\ntwo\n';
    const chunk = Buffer.from(text);
    const splitter = lineSplitter('stderr', (line) => lines.push(line));
    splitter.push(chunk);
    chunk.fill(0);
    expect(lines.map((l) => [l.stream, l.bytes.toString()])).toEqual([['stderr', 'one'], ['stderr', 'two']]);
  });
});
