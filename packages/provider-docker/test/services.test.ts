import { expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs } from '@loom/test-kit';
import type { ExecutionRequest } from '@loom/contracts';
import { connect } from '../src/client.js';
import { createNetwork, reportServices, startService } from '../src/services.js';
import { collectReport, docker, dockerRequirement, images, jobRequest, objectsOfRun, step, testLabel, testProvider, uniqueRunId } from './support.js';

describeWithRequirement('docker provider: services', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-svc-');
  const provider = testProvider();

  type Report = ReturnType<typeof collectReport>;
  async function withJob(request: ExecutionRequest, body: (prepared: Awaited<ReturnType<typeof provider.prepare>>, report: Report) => Promise<void>, afterCleanup?: (report: Report) => void): Promise<void> {
    const report = collectReport();
    const cleanupReport = collectReport();
    let prepared: Awaited<ReturnType<typeof provider.prepare>> | undefined;
    try {
      prepared = await provider.prepare(request, report.report);
      await body(prepared, report);
    } finally {
      await provider.cleanup(prepared ? { request, prepared } : { request }, cleanupReport.report);
    }
    afterCleanup?.(cleanupReport);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  }

  it('reaches a busybox httpd service by its alias on the job network, with the env it was given', async () => {
    const request = jobRequest(tempDir(), {
      services: [{
        image: images.busybox, alias: 'web', env: { MESSAGE: 'served by web' },
        entrypoint: ['sh', '-c'], command: ['mkdir -p /www && echo "$MESSAGE" > /www/index.html && echo httpd up && exec httpd -f -p 8080 -h /www'],
      }],
    });
    await withJob(request, async (prepared, report) => {
      const probe = 'i=0; until out=$(printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc web 8080 2>/dev/null) && [ -n "$out" ]; do i=$((i+1)); [ $i -ge 50 ] && exit 1; sleep 0.1; done; echo "$out" | tail -n 1';
      const run = await step(provider, prepared, probe);
      expect(run.result.exitCode).toBe(0);
      expect(run.stdout).toBe('served by web');
      expect(prepared.network).toMatch(/^loom-/);
      const sections = report.events.filter((e) => 'section' in e && e.section === 'services');
      expect(sections[0]).toEqual({ type: 'section_started', section: 'services' });
      expect(sections.at(-1)).toMatchObject({ type: 'section_finished', section: 'services', status: 'success' });
      expect(report.text()).toMatch(/service web \(loom-local\/busybox:latest\) running/);
    });
  });

  it('runs the seed\'s test-services job: Postgres sidecar reached with pg_isready and psql from the job', async () => {
    const env = { POSTGRES_DB: 'testdb', POSTGRES_USER: 'runner', POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_PASSWORD: 'pw' };
    const request = jobRequest(tempDir(), { image: { name: images.postgres }, env, services: [{ image: images.postgres, alias: 'postgres', env }] });
    await withJob(request, async (prepared, report) => {
      const ready = await step(provider, prepared, 'i=0; until pg_isready -h postgres -U runner -d testdb; do i=$((i+1)); [ "$i" -ge 30 ] && echo "postgres not ready after 30s" && exit 1; sleep 1; done');
      expect(ready.result.exitCode).toBe(0);
      expect(ready.stdout).toContain('postgres:5432 - accepting connections');
      const query = await step(provider, prepared, 'psql -h postgres -U runner -d testdb -tAc "SELECT current_database(), current_user, 40 + 2;"');
      expect(query.stdout).toBe('testdb|runner|42');
      expect(report.text()).toMatch(/service postgres \(loom-local\/postgres:15\) running/);
    }, (cleanupReport) => {
      // Cleanup shows the tail of the service's log before removing it.
      expect(cleanupReport.text()).toContain('last');
      expect(cleanupReport.text()).toContain('database system is ready to accept connections');
    });
  });

  it('shows a service that exits at once in its own words: in prepare\'s error, or in cleanup\'s log tail when it died later', async () => {
    // Whether the service dies before the job container is up is a race the test cannot order (the two start
    // in parallel); the promise is that the user reads the service's own words either way.
    const request = jobRequest(tempDir(), { services: [{ image: images.busybox, alias: 'broken', env: {}, entrypoint: ['sh', '-c'], command: ['echo "fatal: no config" >&2; exit 1'] }] });
    const cleanupReport = collectReport();
    let error: unknown;
    const preparedJob = await provider.prepare(request, () => undefined).catch((e: unknown) => void (error = e));
    if (preparedJob) await docker.getContainer(preparedJob.serviceContainerIds[0]!).wait();
    await provider.cleanup(preparedJob ? { request, prepared: preparedJob } : { request }, cleanupReport.report);
    expect(await objectsOfRun(request.runId)).toEqual([]);
    if (preparedJob) expect(cleanupReport.text()).toContain('fatal: no config');
    else expect(error).toMatchObject({ code: 'DOCKER_SERVICE_FAILED', message: expect.stringContaining('fatal: no config') });
  });

  it('fails with DOCKER_SERVICE_FAILED and the service\'s first lines once a started service has exited', async () => {
    const conn = await connect(undefined);
    const runId = uniqueRunId();
    const base = { conn, images: new Map(), runId, jobId: 'job', extraLabels: testLabel, report: () => undefined, signal: new AbortController().signal };
    const network = await createNetwork(base);
    const ids: string[] = [];
    try {
      const spec = { image: images.busybox, alias: 'broken', env: {}, entrypoint: ['sh', '-c'], command: ['echo "fatal: no config" >&2; exit 3'] };
      const started = await startService({ ...base, network, track: (id) => void ids.push(id) }, spec);
      await docker.getContainer(started.containerId).wait();
      const report = collectReport();
      const error = await reportServices(conn, [started], report.report).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DOCKER_SERVICE_FAILED', message: expect.stringContaining('fatal: no config') });
      expect(report.text()).toContain('service broken (loom-local/busybox:latest) exited with code 3');
    } finally {
      await Promise.all(ids.map((id) => docker.getContainer(id).remove({ force: true })));
      await docker.getNetwork(network).remove();
    }
    expect(await objectsOfRun(runId)).toEqual([]);
  });

  it('fails prepare on a service image that does not exist, leaving nothing behind', async () => {
    const request = jobRequest(tempDir(), { services: [{ image: 'loom-local/does-not-exist:1', alias: 'ghost', env: {} }] });
    await expect(provider.prepare(request, () => undefined)).rejects.toMatchObject({ code: expect.stringMatching(/^DOCKER_(IMAGE_NOT_FOUND|PULL_FAILED)$/) });
    await provider.cleanup({ request }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
  });
}, { tags: ['docker'] });
