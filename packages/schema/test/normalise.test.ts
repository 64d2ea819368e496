/** The normalised shapes every later package consumes (README "Normalised shapes"). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWorkflow, serviceAlias, type Job, type Workflow } from '../src/index.js';

const corpus = (path: string) => readFileSync(new URL(`./corpus/${path}`, import.meta.url), 'utf8');

function workflowOf(text: string, readInclude?: (p: string) => string | undefined): Workflow {
  const result = parseWorkflow(text, 'workflow.yml', readInclude ? { readInclude } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.issues, null, 2));
  return result.workflow;
}

const job = (w: Workflow, name: string): Job => w.jobs[name] as Job;

describe('normalised workflow', () => {
  it('merges default < extends chain (base first) < job; mappings key by key, the rest replaced', () => {
    const w = workflowOf(corpus('merge/precedence.yml'));
    expect(job(w, 'job')).toMatchObject({
      stage: 'ci',
      target: 'linux',
      script: ['base-script'],
      // The job's image mapping merges into default's: the template's name, default's build.
      image: { name: 'middle-image', build: { context: '.', dockerfile: 'Dockerfile' } },
      variables: { LEVEL: 'middle', ROOT_ONLY: '1', DEFAULT_ONLY: '1', BASE_ONLY: '1', JOB_ONLY: '1' },
      extends: ['.middle', '.base'],
    });
    expect(w.variables).toEqual({ LEVEL: 'root', ROOT_ONLY: '1' });
    expect(w.templates).toEqual(['.base', '.middle']);
  });

  it('keeps variables unexpanded and in key order root < default < job', () => {
    const w = workflowOf(corpus('valid/seed-stage0.yml'));
    expect(job(w, 'install-deps').variables).toEqual({
      PNPM_STORE_DIR: '.pnpm-store',
      GOPATH: '.go',
      GOCACHE: '$GOPATH/cache',
      GOMODCACHE: '$GOPATH/pkg/mod',
    });
  });

  it('merges a named cache entry into the default entry of the same name (the seed)', () => {
    const w = workflowOf(corpus('valid/seed-stage0.yml'));
    const [pnpm, go] = job(w, 'check-task').cache;
    expect(pnpm).toEqual({
      name: 'pnpm',
      disabled: false,
      paths: ['.pnpm-store'],
      key: { prefix: 'loom-cache', files: ['pnpm-lock.yaml'] },
      fallbackKeys: [],
      policy: 'pull',
      when: 'always',
    });
    expect(go?.policy).toBe('pull');
    expect(job(w, 'build-nix-image').cache).toEqual([]);
    expect(job(w, 'install-deps').cache.map((c) => [c.name, c.policy])).toEqual([['pnpm', 'pull-push'], ['go', 'pull-push']]);
  });

  it('normalises every cache form to a list of named entries', () => {
    const w = workflowOf(corpus('cache/forms.yml'));
    expect(job(w, 'mapping').cache).toEqual([
      { name: 'default', disabled: false, paths: ['build/'], key: 'plain-$job_name', fallbackKeys: ['plain-main'], policy: 'pull-push', when: 'on_success' },
    ]);
    // Entries the job does not name are dropped; new names are taken as written; disabled needs no paths.
    expect(job(w, 'sequence-merge').cache.map((c) => [c.name, c.policy, c.when, c.disabled, c.paths])).toEqual([
      ['pnpm', 'pull', 'always', false, ['.pnpm-store']],
      ['extra', 'push', 'on_failure', false, ['extra']],
      ['off', 'pull-push', 'on_success', true, []],
    ]);
    expect(job(w, 'disabled-null').cache).toEqual([]);
    expect(job(w, 'disabled-empty').cache).toEqual([]);
    expect(job(w, 'inherits').cache.map((c) => c.name)).toEqual(['pnpm', 'go']);
  });

  it('distinguishes needs absent from needs: []', () => {
    const w = workflowOf(corpus('valid/everything.yml'));
    expect('needs' in job(w, 'compile')).toBe(false);
    expect(job(w, 'test').needs).toEqual([]);
  });

  it('always gives image as an object, and no image for "" or null', () => {
    const w = workflowOf(corpus('image/host-and-docker.yml'));
    expect(job(w, 'docker-default').image).toEqual({ name: 'alpine:3.20' });
    expect('image' in job(w, 'host-empty')).toBe(false);
    expect('image' in job(w, 'host-null')).toBe(false);
    expect(job(w, 'built').image).toEqual({ name: 'loom:nix-local', build: { context: '.', dockerfile: 'nix/Dockerfile' } });
  });

  it('fills secret defaults, service aliases and optional keywords', () => {
    const w = workflowOf(corpus('valid/everything.yml'));
    const test = job(w, 'test');
    expect(test.secrets).toEqual({
      API_TOKEN: { ref: 'env://API_TOKEN', file: false, required: false },
      DB_PASSWORD: { ref: 'op://Engineering/db/password', file: true, required: true },
    });
    expect(test.services).toEqual([
      { name: 'registry.example.com/lib/postgres:16', alias: 'postgres', variables: { POSTGRES_DB: 'app' } },
      { name: 'loom-local/redis:7', alias: 'cache', entrypoint: ['redis-server'], command: ['--port', '6380'], variables: {} },
    ]);
    const compile = job(w, 'compile');
    expect(compile.runnerPool).toBe('big-machines');
    expect(compile.invariant).toEqual({ require_clean_tree: true });
    expect(compile.artifacts).toEqual({ paths: ['dist/', 'reports/*.xml'], exclude: [], when: 'on_success' });
    expect(compile.script).toEqual(['make all', 'echo one two', 'echo "quoted: with colon"']);
    expect(w.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"' }, { if: '$CI_PIPELINE_SOURCE == "push"' }]);
  });

  it('derives a service host name from the image: no registry, namespace, tag or digest', () => {
    expect(serviceAlias('registry.x/lib/postgres:16')).toBe('postgres');
    expect(serviceAlias('loom-local/postgres:15')).toBe('postgres');
    expect(serviceAlias('postgres')).toBe('postgres');
    expect(serviceAlias('localhost:5000/team/redis:7@sha256:abc')).toBe('redis');
    const w = workflowOf(corpus('services/inherited.yml'));
    expect(job(w, 'job').services[0]?.alias).toBe('postgres');
  });

  it('lists concrete jobs includes first, templates apart, and where each job stands', () => {
    const dir = new URL('./corpus/valid/', import.meta.url);
    const w = workflowOf(corpus('valid/nested-include.yml'), (p) => readFileSync(new URL(p, dir), 'utf8'));
    expect(Object.keys(w.jobs)).toEqual(['lint']);
    expect(w.templates).toEqual(['.base', '.node', '.quiet']);
    expect(w.includes).toEqual(['.loom/templates/common.yml', '.loom/templates/languages/node.yaml']);
    expect(job(w, 'lint')).toMatchObject({
      image: { name: 'node:22' },
      script: ['node --version'],
      variables: { NODE_ENV: 'test', QUIET: '1' },
      extends: ['.quiet', '.node', '.base'],
      source: { file: 'workflow.yml', line: 10, column: 1 },
    });
  });
});

describe('needs positions', () => {
  it('gives where each needs entry is written, also when inherited from a template', () => {
    const text = 'version: v1\nstages: [a, b]\n.t:\n  needs:\n    - one\n    - two\none: {stage: a, target: linux, script: [x]}\ntwo:\n  stage: b\n  target: linux\n  script: [x]\n  needs: [one]\nthree:\n  extends: .t\n  stage: b\n  target: linux\n  script: [x]\n';
    const w = workflowOf(text);
    expect(job(w, 'two').needsSource).toEqual([{ file: 'workflow.yml', line: 12, column: 11 }]);
    expect(job(w, 'three').needsSource).toEqual([
      { file: 'workflow.yml', line: 5, column: 7 },
      { file: 'workflow.yml', line: 6, column: 7 },
    ]);
    expect('needsSource' in job(w, 'one')).toBe(false);
  });
});

describe('artifacts and needs entries (Loom extension)', () => {
  it('keeps exclude and when, and needs written as {job, artifacts: false}', () => {
    const text = [
      'version: v1',
      'stages: [build, test]',
      'default: {target: linux}',
      'build: {stage: build, script: [x], artifacts: {paths: [dist/], exclude: ["**/*.map"], when: always}}',
      'test: {stage: test, script: [x], needs: [build, {job: build2, artifacts: false}, {job: build3}]}',
    ].join('\n');
    const result = parseWorkflow(text, 'workflow.yml');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.workflow.jobs['build']?.artifacts).toEqual({ paths: ['dist/'], exclude: ['**/*.map'], when: 'always' });
    expect(result.workflow.jobs['test']?.needs).toEqual(['build', 'build2', 'build3']);
    expect(result.workflow.jobs['test']?.needsWithoutArtifacts).toEqual(['build2']);
  });
});
