/**
 * Symlink escapes end to end (issue 17): a committed `.loom/templates/evil.yml` linking to a file outside the
 * repository, a build context linking to an outside directory, an artifact path through a linked directory.
 * `loom check` refuses each at its file:line, and `loom run` refuses before running anything — the outside
 * script never runs. Needs no Docker (the check happens before any job).
 */
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createGitRepo, useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import { loomSync } from '../cli-harness.js';
import { receiptOf, startRun } from './support.js';

const tempDir = useTempDirs('loom-reliability-links-');
const head = 'version: v1\nstages: [ci]\ndefault:\n  target: linux\n';

/** A committed repository whose `links` (repo path → outside path) are symlinks, beside `<tmp>/outside`. */
async function repoWithLinks(workflow: string, links: Record<string, string>): Promise<{ repo: string; outside: string }> {
  const base = tempDir();
  const outside = join(base, 'outside');
  mkdirSync(join(outside, 'dir'), { recursive: true });
  writeFileSync(join(outside, 'evil.yml'), `.evil:\n  script: ['touch ${join(outside, 'pwned')}']\n`);
  writeFileSync(join(outside, 'dir/Dockerfile'), 'FROM loom-local/busybox\n');
  mkdirSync(join(base, 'tmp'));
  mkdirSync(join(base, 'repo'));
  const repo = await createGitRepo(join(base, 'repo'));
  writeFileSync(join(repo.dir, 'placeholder'), '');
  mkdirSync(join(repo.dir, '.loom'), { recursive: true });
  writeFileSync(join(repo.dir, '.loom/workflow.yml'), workflow);
  for (const [at, target] of Object.entries(links)) {
    mkdirSync(dirname(join(repo.dir, at)), { recursive: true });
    symlinkSync(join(outside, target), join(repo.dir, at));
  }
  await repo.commitAll('links');
  return { repo: repo.dir, outside };
}

const cases: { name: string; workflow: string; links: Record<string, string>; line: number }[] = [
  {
    name: 'an include that links outside',
    workflow: `${head}include:\n  - local: .loom/templates/evil.yml\njob:\n  extends: .evil\n  stage: ci\n`,
    links: { '.loom/templates/evil.yml': 'evil.yml' },
    line: 6,
  },
  {
    name: 'a build context that links outside',
    workflow: `${head}job:\n  stage: ci\n  image:\n    name: loom-reliability/linked:1\n    build:\n      context: ctx\n      dockerfile: ctx/Dockerfile\n  script: ['true']\n`,
    links: { ctx: 'dir' },
    line: 11,
  },
  {
    name: 'an artifact path through a linked directory',
    workflow: `${head}job:\n  stage: ci\n  script: ['true']\n  artifacts:\n    paths: [vendor/dist]\n`,
    links: { vendor: 'dir' },
    line: 9,
  },
];

describe('reliability: symlink escapes', { tags: ['slow'] }, () => {
  it.each(cases)('$name: loom check names workflow.yml:$line; loom run refuses and runs nothing', async ({ workflow, links, line }) => {
    const { repo, outside } = await repoWithLinks(workflow, links);
    const check = loomSync(repo, 'check');
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(new RegExp(`workflow\\.yml:${line} .*(symlink|outside the repository)`));
    const run = await startRun(repo).done;
    expect(run.code).toBe(1);
    expect(receiptOf(run).json).toMatchObject({ status: 'failure' });
    expect(existsSync(join(outside, 'pwned'))).toBe(false);
  }, 30_000);
});
