/**
 * Every publishable package works outside the workspace: `pnpm pack` each one, npm-install the tarballs into a
 * project and into a global prefix (registry packages from npm's cache when it has them), then use them as a
 * consumer would — `npx loom`, the global `loom` binary, and a plain Node script importing @loom/cache-key and
 * the runtime-logs reader. @loom/cache-key's own test/packed.test.ts checks its README example the same way.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitRepo, npmInstall, packPackages, publishablePackages, useTempDirs, writeTree, type PackedPackage } from '@loom/test-kit';
import { CLI_VERSION } from './cli-harness.js';

const tempDir = useTempDirs('loom-packed-');
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const WORKFLOW = ['version: v1', 'stages: [test]', 'hello:', '  stage: test', '  target: linux', '  script: ["echo packed-hello"]', ''].join('\n');

// A consumer's own script (kept as lines: the layer check reads import statements in test files).
const CONSUMER = [
  "import { cacheKey } from '@loom/cache-key';",
  "import { listRuns, readRunView } from '@loom/runtime-logs/reader';",
  'const [repo] = process.argv.slice(2);',
  "const { key, files } = await cacheKey({ cwd: repo, prefix: 'wf-$name', files: ['.loom/*.yml'], vars: { name: 'hello' } });",
  "const runs = await listRuns(repo + '/.loom/.runtime');",
  'const view = await readRunView(runs[0].logsDir);',
  'console.log(JSON.stringify({ key, files: files.length, runs: runs.map((r) => r.status), jobs: view.jobs.map((j) => [j.id, j.summary.status]) }));',
].join('\n');

// What a tarball must not carry: tests, fixtures, source maps, build state.
const SHIPPED_BY_MISTAKE = /(^|\/)(test|tests|fixtures|__tests__)\/|\.test\.[cm]?[jt]s$|\.map$|\.tsbuildinfo$/;

describe('the packed packages', () => {
  it('install from their tarballs outside the workspace and work there', { tags: ['slow'], timeout: 600_000 }, async () => {
    const packs = tempDir();
    const packed = packPackages(publishablePackages(), packs);
    expect(packed.map((p) => p.name)).toContain('@loom/cli');
    for (const p of packed) {
      expect(p.files.filter((f) => SHIPPED_BY_MISTAKE.test(f)), p.name).toEqual([]);
      expect(p.files, p.name).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    }
    const tarballs = packed.map((p: PackedPackage) => p.tarball);

    const project = tempDir();
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    npmInstall(project, tarballs);
    expect(run('npx', ['loom', '--version'], project)).toBe(`${CLI_VERSION}\n`);

    const repo = await createGitRepo(tempDir(), { '.loom/workflow.yml': WORKFLOW });
    const loom = join(project, 'node_modules/.bin/loom');
    run(loom, ['check'], repo.dir); // throws on a non-zero exit
    run(loom, ['run', '--local'], repo.dir);

    writeTree(project, { 'consumer.mjs': CONSUMER });
    const result = JSON.parse(run('node', ['consumer.mjs', repo.dir], project)) as { key: string; files: number; runs: string[]; jobs: [string, string][] };
    expect(result).toEqual({ key: expect.stringMatching(/^wf-hello-[0-9a-f]{64}$/), files: 1, runs: ['success'], jobs: [['hello', 'success']] });

    const globalPrefix = tempDir();
    mkdirSync(join(globalPrefix, 'lib'), { recursive: true });
    npmInstall(packs, tarballs, globalPrefix);
    expect(run(join(globalPrefix, 'bin/loom'), ['--version'], repo.dir)).toBe(`${CLI_VERSION}\n`);
  });
});
