/**
 * workflow.schema.json is generated from the zod schema and committed; it must be current, and it must
 * accept every valid workflow of the corpus (as written, before merging) and reject typical mistakes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { workflowJsonSchema } from '../src/index.js';

const committed = readFileSync(new URL('../workflow.schema.json', import.meta.url), 'utf8');
const fromFile = z.fromJSONSchema(JSON.parse(committed) as Parameters<typeof z.fromJSONSchema>[0]);
const corpus = (path: string) => parse(readFileSync(new URL(`./corpus/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('workflow.schema.json', () => {
  it('is up to date with the zod schema (regenerate: pnpm --filter @loom/schema json-schema)', () => {
    expect(committed).toBe(`${JSON.stringify(workflowJsonSchema(), null, 2)}\n`);
  });

  const valid = readdirSync(new URL('./corpus/valid/', import.meta.url)).filter((f) => f.endsWith('.yml'));
  it.each(valid)('accepts valid/%s', (file) => {
    const result = fromFile.safeParse(corpus(`valid/${file}`));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('accepts each job-level layer of the other clean cases', () => {
    for (const path of ['cache/forms.yml', 'image/host-and-docker.yml', 'merge/precedence.yml', 'services/inherited.yml']) {
      expect(fromFile.safeParse(corpus(path)).success, path).toBe(true);
    }
  });

  it.each([
    ['version', { version: 'v2', stages: ['ci'] }],
    ['stages', { version: 'v1', stages: [] }],
    ['a root key that is no job name', { version: 'v1', stages: ['ci'], Build: {} }],
    ['an unknown job key', { version: 'v1', stages: ['ci'], job: { before_script: ['x'] } }],
    ['a script string', { version: 'v1', stages: ['ci'], job: { script: 'x' } }],
    ['a multi-line script entry', { version: 'v1', stages: ['ci'], job: { script: ['a\nb'] } }],
    ['a number variable', { version: 'v1', stages: ['ci'], variables: { PORT: 5432 } }],
    ['default.secrets', { version: 'v1', stages: ['ci'], default: { secrets: {} } }],
    ['an unknown cache key', { version: 'v1', stages: ['ci'], job: { cache: { paths: ['x'], dir: 'y' } } }],
    ['an include outside .loom/templates', { version: 'v1', stages: ['ci'], include: [{ local: '../x.yml' }] }],
    ['a workflow key other than rules', { version: 'v1', stages: ['ci'], workflow: { name: 'x' } }],
  ])('rejects %s', (_name, doc) => {
    expect(fromFile.safeParse(doc).success).toBe(false);
  });
});
