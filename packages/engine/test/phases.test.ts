import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, recordingSink, trail } from './fakes.js';

describe('job phases', () => {
  it('emits run → snapshot → pipeline → job phases → pipeline → run, in order', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const plan = planOf(['build'], { build: { stage: 'build', script: ['echo hi', 'ok'] } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }));
    expect(result).toMatchObject({ status: 'success', exitCode: 0, snapshotPath: expect.stringContaining('loom-run-local-'), headSha: expect.any(String) });
    const runLevel = sink.events.filter((e) => !('jobId' in e)).map((e) => e.type);
    expect(runLevel).toEqual(['run_started', 'snapshot_ready', 'pipeline_started', 'pipeline_finished', 'run_finished']);
    expect(trail(sink.events, 'build')).toEqual([
      'job_started',
      'section_started:provider',
      'note',
      'section_finished:provider',
      'execution_started',
      'step_started:1',
      'output',
      'step_finished:1',
      'step_started:2',
      'step_finished:2',
      'execution_finished',
      'section_started:cleanup',
      'section_finished:cleanup',
      'job_finished',
    ]);
    expect(sink.closed).toBe(false); // the caller owns the sink
  });

  it('stops at the first failing step and still cleans up', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const plan = planOf(['test'], { test: { stage: 'test', script: ['ok', 'exit 3', 'echo never'] } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }));
    expect(result).toMatchObject({ status: 'failure', exitCode: 1 });
    expect(host.calls.filter((c) => c.op === 'runStep').map((c) => c.command)).toEqual(['ok', 'exit 3']);
    expect(host.calls.at(-1)).toMatchObject({ op: 'cleanup', prepared: true });
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'step_finished', index: 2, status: 'failed', exitCode: 3 }));
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'execution_finished', status: 'failed', exitCode: 3 }));
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'job_finished', jobId: 'test', status: 'failed', exitCode: 3 }));
  });

  it('a failed prepare closes provider as failed, skips execution and still runs cleanup', async () => {
    const sink = recordingSink();
    const docker = fakeProvider({
      kind: 'docker',
      failPrepare: new Set(['img']),
      onPrepare: (_request, report) => report({ type: 'section_started', section: 'image_build' }),
    });
    const plan = planOf(['build'], { img: { stage: 'build', image: { name: 'nope:1' } } });
    const result = await runPipeline(plan, baseOptions(sink, { docker: docker.provider }));
    expect(result.exitCode).toBe(1);
    expect(trail(sink.events, 'img')).toEqual([
      'job_started',
      'section_started:provider',
      'note',
      'section_started:image_build',
      'section_finished:image_build',
      'error:DOCKER_IMAGE_NOT_FOUND',
      'section_finished:provider',
      'execution_started',
      'execution_finished',
      'section_started:cleanup',
      'section_finished:cleanup',
      'job_finished',
    ]);
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', section: 'provider', hint: 'build it' }));
    expect(docker.calls.map((c) => c.op)).toEqual(['prepare', 'cleanup']);
    expect(docker.calls[1]).toMatchObject({ prepared: false });
  });

  it('fails a job that declares secrets closed when no resolver is wired, before the provider sees it', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const plan = planOf(['deploy'], { deploy: { stage: 'deploy', secrets: { TOKEN: { ref: 'env://TOKEN', file: false, required: true } } } });
    const result = await runPipeline(plan, baseOptions(sink, { host: host.provider }));
    expect(result.status).toBe('failure');
    const error = sink.events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ code: 'SECRETS_PROVIDER_UNAVAILABLE', section: 'provider', jobId: 'deploy' });
    expect(error && 'message' in error ? error.message : '').toMatch(/declares TOKEN but no secret resolver is wired/);
    expect(host.calls.map((c) => c.op)).toEqual(['cleanup']);
  });

  it('resolves secrets through the hook when one is given, masks them first and disposes them in cleanup', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const masked: string[] = [];
    let disposed = false;
    const plan = planOf(['deploy'], { deploy: { stage: 'deploy', script: ['env TOKEN'], secrets: { TOKEN: { ref: 'env://T', file: false, required: true } } } });
    await runPipeline(plan, baseOptions(sink, { host: host.provider }, {
      secrets: { resolve: async () => ({ env: { TOKEN: 's3cr3t-value' }, mounts: [], values: [{ name: 'TOKEN', value: 's3cr3t-value' }], failures: [], dispose: async () => { disposed = true; } }) },
      maskSecret: (name) => { masked.push(name); return undefined; },
    }));
    expect(masked).toEqual(['TOKEN']);
    expect(host.requests.get('deploy')?.env['TOKEN']).toBe('s3cr3t-value');
    expect(disposed).toBe(true);
    const note = sink.events.find((e) => e.type === 'note');
    expect(JSON.stringify(note)).not.toContain('s3cr3t-value');
  });

  it('fails a job whose provider kind was not wired, with a clear error', async () => {
    const sink = recordingSink();
    const plan = planOf(['build'], { img: { stage: 'build', image: { name: 'alpine:3' } } });
    const result = await runPipeline(plan, baseOptions(sink, { host: fakeProvider().provider }));
    expect(result.status).toBe('failure');
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'error', code: 'ENGINE_NO_PROVIDER' }));
    expect(trail(sink.events, 'img')).toContain('section_finished:cleanup');
  });

  it('runs a job with cache but no store wired uncached, without cache sections', async () => {
    const sink = recordingSink();
    const plan = planOf(['build'], {
      build: {
        stage: 'build',
        cache: [{ name: 'pnpm', disabled: false, paths: ['.pnpm-store'], fallbackKeys: [], policy: 'pull-push', when: 'on_success' }],
        artifacts: { paths: ['dist/'], exclude: [], when: 'on_success' },
      },
    });
    const result = await runPipeline(plan, baseOptions(sink, { host: fakeProvider().provider }));
    expect(result.status).toBe('success');
    const codes = sink.events.flatMap((e) => (e.type === 'warning' ? [e.code] : []));
    // Artifacts are extracted into the run record; without one (no logsDir) the engine says so.
    expect(codes).toEqual(['ARTIFACTS_NO_RECORD']);
    const order = trail(sink.events, 'build');
    expect(order.filter((e) => e.includes('cache'))).toEqual([]);
  });

  it('ends a run whose workspace cannot be made with an error and no pipeline', async () => {
    const sink = recordingSink();
    const host = fakeProvider();
    const options = baseOptions(sink, { host: host.provider });
    options.snapshot.make = async () => {
      throw Object.assign(new Error('not a git repository'), { name: 'LoomError', code: 'SNAPSHOT_NOT_A_REPO' });
    };
    const result = await runPipeline(planOf(['b'], { b: { stage: 'b' } }), options);
    expect(result).toMatchObject({ status: 'failure', exitCode: 1, error: expect.stringContaining('not a git repository') });
    expect(sink.events.map((e) => e.type)).toEqual(['run_started', 'error', 'run_finished']);
    expect(host.calls).toEqual([]);
  });

  it('records snapshot warnings as run-level warnings, before snapshot_ready', async () => {
    const sink = recordingSink();
    const options = baseOptions(sink, { host: fakeProvider().provider });
    options.snapshot.make = async (request) => {
      request.onWarning({ message: 'skipped 1 FIFO: pipe', code: 'SNAPSHOT_SPECIAL_FILES_SKIPPED' });
      return { path: '/tmp/s', headSha: 'a'.repeat(40) };
    };
    await runPipeline(planOf(['b'], { b: { stage: 'b' } }), options);
    expect(sink.events.slice(0, 3)).toMatchObject([
      { type: 'run_started' },
      { type: 'warning', code: 'SNAPSHOT_SPECIAL_FILES_SKIPPED', message: 'skipped 1 FIFO: pipe' },
      { type: 'snapshot_ready', path: '/tmp/s' },
    ]);
    expect(sink.events[1]).not.toHaveProperty('jobId');
  });

  it('passes debug trace and provider output sections through', async () => {
    const sink = recordingSink();
    const host = fakeProvider({
      onPrepare: (_r, report) => {
        report({ type: 'section_started', section: 'services' });
        report({ type: 'output', section: 'services', line: { stream: 'stdout', timestamp: 5, bytes: Buffer.from(['pg', 'ready'].join(' ')) } });
        report({ type: 'section_finished', section: 'services', status: 'success', data: { count: 1 } });
      },
    });
    let trace: boolean | undefined;
    const original = host.provider.runStep.bind(host.provider);
    host.provider.runStep = (p, step, out, signal) => {
      trace = step.debugTrace;
      return original(p, step, out, signal);
    };
    await runPipeline(planOf(['b'], { b: { stage: 'b' } }), baseOptions(sink, { host: host.provider }, { debugTrace: true }));
    expect(trace).toBe(true);
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'output', section: 'services', ts: 5, jobId: 'b' }));
    expect(sink.events).toContainEqual(expect.objectContaining({ type: 'section_finished', section: 'services', data: { count: 1 } }));
  });
});
