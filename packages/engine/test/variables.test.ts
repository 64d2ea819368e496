import { describe, expect, it } from 'vitest';
import { expandValue, inheritableEnv, layerVariables, predefinedVariables, runPipeline, workflowPathVariable } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink, RUN_ID, SHA } from './fakes.js';

describe('expandValue', () => {
  const vars: Record<string, string> = { A: 'a', B_2: 'b' };
  const lookup = (name: string) => vars[name];
  it.each([
    ['$A/x', 'a/x'],
    ['${A}x', 'ax'],
    ['$B_2-$A', 'b-a'],
    ['$UNKNOWN and ${ALSO_UNKNOWN}', '$UNKNOWN and ${ALSO_UNKNOWN}'],
    ['cost $$5 and $$A', 'cost $5 and $A'],
    ['trailing $', 'trailing $'],
    ['$1 ${ A}', '$1 ${ A}'],
    ['plain', 'plain'],
  ])('%s → %s', (input, expected) => {
    expect(expandValue(input, lookup)).toBe(expected);
  });
});

describe('layerVariables', () => {
  it('puts workflow/job variables over predefined ones and expands once against the merged set', () => {
    const env = layerVariables({
      predefined: { CI_PROJECT_DIR: '/snap', LOOM_JOB_NAME: 'build' },
      variables: { CI_PROJECT_DIR: '/custom/workdir', GOPATH: '.go', GOCACHE: '$GOPATH/cache', OUT: '${CI_PROJECT_DIR}/out', NAME: 'job-$LOOM_JOB_NAME' },
    });
    expect(env).toMatchObject({ CI_PROJECT_DIR: '/custom/workdir', GOCACHE: '.go/cache', OUT: '/custom/workdir/out', NAME: 'job-build', LOOM_JOB_NAME: 'build' });
  });

  it('does not expand a substituted value again (one pass)', () => {
    const env = layerVariables({ predefined: {}, variables: { A: '$B', B: '$C', C: 'c' } });
    expect(env).toEqual({ A: '$C', B: 'c', C: 'c' });
  });

  it('lets a value extend what it overrides (the layer below), never itself', () => {
    const env = layerVariables({ predefined: {}, variables: { PATH: '$PATH:/opt/bin', SELF: 'x$SELF' }, inherited: { PATH: '/usr/bin' } });
    expect(env).toEqual({ PATH: '/usr/bin:/opt/bin', SELF: 'x$SELF' });
  });
});

describe('predefined variables reach the job', () => {
  it('host job: LOOM_* and CI_* with the snapshot as project dir, no image variables', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const plan = planOf(['build'], { compile: { stage: 'build', variables: { MINE: '$CI_COMMIT_SHORT_SHA-$HOME' } } });
    await runPipeline(plan, baseOptions(sink, { host: host.provider }));
    const env = host.requests.get('compile')?.env ?? {};
    const snap = `/tmp/${RUN_ID}-1`;
    expect(env).toMatchObject({
      LOOM_CI: 'true',
      LOOM_RUN_ID: RUN_ID,
      LOOM_PIPELINE_ID: 'loom-local-1772865600000000000',
      LOOM_WORKFLOW_PATH: '.loom/workflow.yml',
      LOOM_JOB_NAME: 'compile',
      LOOM_JOB_ID: 'compile',
      LOOM_JOB_STAGE: 'build',
      LOOM_JOB_TARGET: 'linux',
      LOOM_PROVIDER: 'host',
      LOOM_PROJECT_DIR: snap,
      CI: 'true',
      CI_JOB_NAME: 'compile',
      CI_JOB_ID: 'compile',
      CI_JOB_STAGE: 'build',
      CI_PROJECT_DIR: snap,
      CI_PIPELINE_ID: 'loom-local-1772865600000000000',
      CI_COMMIT_SHA: SHA,
      CI_COMMIT_SHORT_SHA: SHA.slice(0, 8),
      CI_COMMIT_BRANCH: '',
      CI_COMMIT_REF_NAME: '',
      CI_PROJECT_NAME: 'demo',
      MINE: `${SHA.slice(0, 8)}-/home/u`,
    });
    expect(env).not.toHaveProperty('LOOM_JOB_IMAGE');
    expect(env).not.toHaveProperty('CI_JOB_IMAGE');
    expect(env).not.toHaveProperty('HOME'); // the provider inherits it; Loom does not copy it
    expect(host.requests.get('compile')?.workspace).toEqual({ hostPath: snap, mode: 'host' });
  });

  it('docker job: /workspace, the image, the chosen mount mode, no host environment in references', async () => {
    const sink = recordingSink();
    const docker = fakeProvider({ kind: 'docker' });
    const plan = planOf(['build'], {
      c: {
        stage: 'build',
        image: { name: 'alpine:3.20' },
        variables: { H: '$HOME' },
        services: [{ name: 'postgres:16', alias: 'postgres', variables: { POSTGRES_DB: 'db-$LOOM_JOB_NAME' } }],
      },
    });
    await runPipeline(plan, baseOptions(sink, { docker: docker.provider }, { dockerWorkspaceMode: 'bind_mount' }));
    const request = docker.requests.get('c');
    expect(request?.env).toMatchObject({ LOOM_PROVIDER: 'docker', LOOM_PROJECT_DIR: '/workspace', CI_PROJECT_DIR: '/workspace', LOOM_JOB_IMAGE: 'alpine:3.20', CI_JOB_IMAGE: 'alpine:3.20', H: '$HOME' });
    expect(request?.image).toEqual({ name: 'alpine:3.20' });
    expect(request?.workspace.mode).toBe('bind_mount');
    expect(request?.services[0]).toMatchObject({ image: 'postgres:16', alias: 'postgres', env: expect.objectContaining({ POSTGRES_DB: 'db-c', LOOM_JOB_NAME: 'c' }) });
  });

  it('LOOM_WORKFLOW_PATH is repo-relative, or absolute outside the repository', () => {
    expect(workflowPathVariable('/r', '/r/.loom/workflow.yml')).toBe('.loom/workflow.yml');
    expect(workflowPathVariable('/r', '/elsewhere/w.yml')).toBe('/elsewhere/w.yml');
  });
});

describe('inheritableEnv', () => {
  const facts = { runId: RUN_ID, pipelineId: 'p', repoRoot: '/repo', workflowPath: '/repo/.loom/workflow.yml', snapshotPath: '/snap', headSha: SHA, branch: 'main' };

  it('drops every variable Loom predefines for a Docker or host job, and keeps the rest', () => {
    const plan = planOf(['s'], { boxed: { stage: 's', image: { name: 'img:1' } }, bare: { stage: 's' } });
    const outer = Object.fromEntries(plan.jobs.flatMap((job) => Object.entries(predefinedVariables(job, facts))));
    expect(Object.keys(outer)).toContain('LOOM_JOB_IMAGE');
    expect(inheritableEnv({ ...outer, HOME: '/root', LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' })).toEqual({ HOME: '/root', LOOM_DOCKER_WORKSPACE_MOUNT: 'bind_mount' });
  });
});
