/**
 * Fuzzing `loom check`'s parser (issue 18): every mutated corpus workflow either passes or yields only
 * located, coded issues; never an internal error, never an exception, never a Node warning or console
 * output. CI runs a fixed seed and a bounded count; `pnpm fuzz` runs 100,000 inputs with a random seed
 * (FUZZ_SEED / FUZZ_RUNS override both) and prints the seed of a failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { parseWorkflow } from '../src/index.js';
import type { ParseResult } from '../src/model.js';
import { apply, corpus, mutations } from './fuzz/mutators.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_500);
const seeds = corpus();

/** What "located, coded" means: a code, a message, this file (or an include path), a line and column inside the text. */
function assertLocated(result: ParseResult, text: string, file: string): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  const problems = [...(result.ok ? [] : result.issues), ...result.warnings];
  if (!result.ok && result.issues.length === 0) throw new Error('rejected without issues');
  for (const issue of result.ok ? [] : result.issues) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(issue.code)) throw new Error(`uncoded issue ${JSON.stringify(issue)}`);
  }
  for (const p of problems) {
    const where = JSON.stringify(p);
    if (!p.message || /internal error|stack|Maximum call/i.test(p.message)) throw new Error(`internal error ${where}`);
    if (!Number.isInteger(p.line) || !Number.isInteger(p.column) || p.line < 1 || p.column < 1) throw new Error(`unlocated ${where}`);
    if (p.file === file && p.line > lineCount + 1) throw new Error(`line past the end (${lineCount} lines) ${where}`);
    if (p.file !== file && !p.file.startsWith('.loom/templates/')) throw new Error(`unknown file ${where}`);
    if (typeof p.pointer !== 'string' || (p.pointer !== '' && !p.pointer.startsWith('/'))) throw new Error(`bad pointer ${where}`);
  }
}

describe('fuzz: mutated corpus workflows', () => {
  const spies: MockInstance[] = [];
  beforeAll(() => {
    spies.push(vi.spyOn(process, 'emitWarning'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'error'), vi.spyOn(console, 'log'));
  });
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
  });

  it(`${RUNS} inputs from seed ${SEED}: each passes or has only located, coded issues, and nothing is printed`, { tags: ['slow'], timeout: 0 }, () => {
    let rejected = 0;
    let seen = 0;
    const property = fc.property(mutations(seeds.length), (m) => {
      // The long form takes a while: say how far it is (CI's short form stays quiet).
      if (RUNS >= 20_000 && ++seen % 10_000 === 0) process.stdout.write(`fuzz: ${seen} / ${RUNS} inputs\n`);
      const text = apply(seeds, m);
      // The same mutation applied to the included template, so include loading is fuzzed too.
      const readInclude = (path: string) => (path.endsWith('.yml') ? apply([text], { ...m, seed: 0 }).slice(0, 20_000) : undefined);
      const result = parseWorkflow(text, '.loom/workflow.yml', { readInclude });
      assertLocated(result, text, '.loom/workflow.yml');
      if (!result.ok) rejected++;
      for (const spy of spies) if (spy.mock.calls.length > 0) throw new Error(`printed: ${JSON.stringify(spy.mock.calls[0]).slice(0, 300)}`);
    });
    const out = fc.check(property, { seed: SEED, numRuns: RUNS });
    if (out.failed) {
      const message = `fuzz failed: seed ${SEED}, path ${out.counterexamplePath}, after ${out.numRuns} inputs: ${String(out.errorInstance)}`;
      process.stdout.write(`${message}\n`);
      throw new Error(`${message}\ncounterexample: ${JSON.stringify(out.counterexample).slice(0, 2000)}`);
    }
    process.stdout.write(`fuzz: seed ${SEED}, ${out.numRuns} inputs, ${rejected} rejected with located issues, ${out.numRuns - rejected} passed\n`);
    expect(out.numRuns).toBe(RUNS);
  });
});
