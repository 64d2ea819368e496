/**
 * Every message quoted by the spec (workflow-syntax.md §4 and §7, gaps-and-planned.md gap 8) is produced,
 * verbatim, by at least one corpus case.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const SPEC_MESSAGES = [
  'set include.local to .loom/templates/<name>.yml or .yaml',
  'resolve extends cycle by removing one extends edge: .a -> .b -> .a',
  'missing required key "stage" in job "build"',
  'expected sequence for "script", got string',
  'remove unknown key; workflow only allows key rules',
  'set workflow.rules to a sequence of {if: ...} entries',
  'set workflow.rules[].if to a non-empty string condition',
  'remove unknown key; workflow rules only allow key if',
  'add required key if to workflow rule',
  'remove unknown cache key; allowed keys are name, disabled, paths, key, fallback_keys, policy, when',
  // Issue 16: the unknown key is named ("toString" here); otherwise gap 8's text verbatim.
  'remove unknown key "toString"; job allows keys stage, target, script, extends, needs, image, runner_pool, variables, secrets, services, invariant, cache, artifacts',
];

const dir = new URL('./corpus/', import.meta.url);
const expectations = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.expect'))
  .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n'))
  .map((line) => line.split(' | ').slice(1).join(' | '));

it.each(SPEC_MESSAGES)('the corpus produces %j', (message) => {
  expect(expectations).toContain(message);
});
