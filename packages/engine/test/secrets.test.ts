import { describe, expect, it } from 'vitest';
import type { ResolvedSecrets, SecretResolver } from '@loom/contracts';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink } from './fakes.js';

const HOST_PATH = '/tmp/loom-secrets/run.1/deploy-x/TOKEN';

function resolverReturning(partial: Partial<ResolvedSecrets>, seen: { disposed: number } = { disposed: 0 }): SecretResolver {
  return {
    resolve: async () => ({
      env: {},
      mounts: [],
      values: [],
      failures: [],
      dispose: async () => {
        seen.disposed++;
      },
      ...partial,
    }),
  };
}

describe('secrets in the provider section', () => {
  it('fails a traced job with a file: false secret before resolving anything', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    let resolved = 0;
    const secrets: SecretResolver = { resolve: async () => { resolved++; throw new Error('not reached'); } };
    const plan = planOf(['deploy'], { deploy: { stage: 'deploy', variables: { CI_DEBUG_TRACE: 'true' }, secrets: { TOKEN: { ref: 'env://T', file: false, required: true } } } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }, { secrets }));
    expect(result.status).toBe('failure');
    expect(resolved).toBe(0);
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', section: 'provider', code: 'SECRETS_UNSAFE_DEBUG_TRACE' }));
    expect(host.calls.map((c) => c.op)).toEqual(['cleanup']);
  });

  it('reports each failure with scheme, variable and code; an optional one is a warning and the job runs', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const failures = [{ name: 'OPT', scheme: 'env', code: 'SECRETS_REF_NOT_FOUND', message: 'secret OPT: env://X: X is not set', fatal: false }];
    const plan = planOf(['deploy'], { deploy: { stage: 'deploy', secrets: { OPT: { ref: 'env://X', file: true, required: false } } } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }, { secrets: resolverReturning({ failures }) }));
    expect(result.status).toBe('success');
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'note', section: 'provider', data: { scheme: 'env', variable: 'OPT', code: 'SECRETS_REF_NOT_FOUND', required: false } }));
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'warning', section: 'provider', code: 'SECRETS_REF_NOT_FOUND' }));
    expect(host.requests.get('deploy')?.env).not.toHaveProperty('OPT');
  });

  it('fails the job on a fatal failure and still disposes what was resolved', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const seen = { disposed: 0 };
    const failures = [{ name: 'REQ', scheme: 'keepass', code: 'SECRETS_PROVIDER_UNAVAILABLE', message: 'secret REQ: locked', hint: 'unlock it', fatal: true }];
    const plan = planOf(['deploy'], { deploy: { stage: 'deploy', secrets: { REQ: { ref: 'keepass://a#b:c', file: true, required: true } } } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }, { secrets: resolverReturning({ failures }, seen) }));
    expect(result.status).toBe('failure');
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', section: 'provider', code: 'SECRETS_PROVIDER_UNAVAILABLE', hint: 'unlock it' }));
    expect(host.calls.map((c) => c.op)).toEqual(['cleanup']);
    expect(seen.disposed).toBe(1);
  });

  it('gives Docker jobs the container path of a file secret and its read-only mount; host jobs the host path', async () => {
    const resolved = { env: { TOKEN: HOST_PATH }, mounts: [{ hostPath: HOST_PATH, containerPath: '/run/secrets/TOKEN', readOnly: true }], values: [{ name: 'TOKEN', value: 'v4lue' }] };
    const decl = { TOKEN: { ref: 'env://T', file: true, required: true } };
    const docker = fakeProvider();
    const host = fakeProvider();
    const plan = planOf(['deploy'], { indocker: { stage: 'deploy', image: { name: 'alpine:3' }, secrets: decl }, onhost: { stage: 'deploy', secrets: decl } });
    await runPipeline(plan, baseOptions(recordingSink(), { docker: docker.provider, host: host.provider }, { secrets: resolverReturning(resolved) }));
    expect(docker.requests.get('indocker')).toMatchObject({ env: { TOKEN: '/run/secrets/TOKEN' }, mounts: resolved.mounts });
    expect(host.requests.get('onhost')).toMatchObject({ env: { TOKEN: HOST_PATH }, mounts: [] });
  });
});
