import { afterEach, expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import type { DockerPreparedJob } from '../src/index.js';
import { collectReport, dockerRequirement, images, jobRequest, objectsOfRun, step, testProvider } from './support.js';

for (const stepTransport of ['attach', 'exec'] as const) describeWithRequirement(`docker provider: steps (${stepTransport} transport)`, dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-');
  const provider = testProvider({ stepTransport });
  const toClean: { request: Parameters<typeof provider.cleanup>[0]['request']; prepared?: DockerPreparedJob }[] = [];
  afterEach(async () => {
    for (const target of toClean.splice(0)) await provider.cleanup(target, () => undefined);
  });

  async function prepare(overrides: Parameters<typeof jobRequest>[1] = {}) {
    const workspace = tempDir();
    writeTree(workspace, { 'hello.txt': 'hello from the snapshot\n' });
    const request = jobRequest(workspace, overrides);
    const report = collectReport();
    const target: (typeof toClean)[number] = { request };
    toClean.push(target);
    target.prepared = await provider.prepare(request, report.report);
    return { request, prepared: target.prepared, report };
  }

  it('runs a step in the image, in /workspace, with the snapshot seeded', async () => {
    const { prepared, report } = await prepare();
    expect(prepared.workdir).toBe('/workspace');
    const run = await step(provider, prepared, 'pwd; cat hello.txt; busybox | head -n 1');
    expect(run.result).toEqual({ exitCode: 0 });
    expect(run.stdout).toMatch(/^\/workspace\nhello from the snapshot\nBusyBox v/);
    expect(report.text()).toContain('job container');
  });

  it('a step killed by a signal records the signal, as on the host (issue 17)', async () => {
    const { prepared } = await prepare();
    expect((await step(provider, prepared, 'kill -KILL $$')).result).toEqual({ exitCode: 137, signal: 'SIGKILL' });
    expect((await step(provider, prepared, 'sh -c \'kill -TERM $$\'')).result).toEqual({ exitCode: 143, signal: 'SIGTERM' });
    expect((await step(provider, prepared, 'exit 3')).result).toEqual({ exitCode: 3 });
  });

  it('passes only the request env (no host variables) plus LOOM_PROVIDER and LOOM_JOB_IMAGE', async () => {
    process.env['LOOM_TEST_HOST_SECRET'] = 'leaked';
    try {
      const { prepared } = await prepare({ env: { GREETING: 'hi there', QUOTE: `it's "quoted"` } });
      const run = await step(provider, prepared, 'echo "[$GREETING] [$QUOTE] [${LOOM_TEST_HOST_SECRET-unset}] $LOOM_PROVIDER $LOOM_JOB_IMAGE $LOOM_PROJECT_DIR"');
      expect(run.stdout).toBe(`[hi there] [it's "quoted"] [unset] docker ${images.busybox} /workspace`);
    } finally {
      delete process.env['LOOM_TEST_HOST_SECRET'];
    }
  });

  it('returns exact exit codes and separates stdout from stderr, line by line, as raw bytes', async () => {
    const { prepared } = await prepare();
    const run = await step(provider, prepared, "echo out1; echo err1 >&2; printf 'no newline\\377'; echo err2 >&2; exit 42");
    expect(run.result).toEqual({ exitCode: 42 });
    expect(run.stderr).toBe('err1\nerr2');
    expect(run.lines.filter((l) => l.stream === 'stdout').map((l) => l.bytes)).toEqual([Buffer.from('out1'), Buffer.from('no newline\xff', 'latin1')]);
    const again = await step(provider, prepared, 'exit 0');
    expect(again.result.exitCode).toBe(0);
  });

  it('passes multi-line commands verbatim (here-docs, backslashes, blank and indented lines)', async () => {
    const { prepared } = await prepare();
    const command = "cat <<'EOF'\n  indented \\ back\\slash\n\nEOF\nprintf 'no newline'";
    const run = await step(provider, prepared, command);
    expect(run.lines.map((l) => l.bytes.toString())).toEqual(['  indented \\ back\\slash', '', 'no newline']);
    // The next step's output starts clean: the unterminated line above ended with its step.
    expect((await step(provider, prepared, 'echo next')).stdout).toBe('next');
  });

  it('gives steps an empty stdin and keeps Loom\'s step token out of sight', async () => {
    const { prepared } = await prepare();
    const run = await step(provider, prepared, 'cat; tr "\\0" " " </proc/1/cmdline; echo; ps');
    expect(run.result.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(/loom-step-end-[0-9a-f]{32}/);
    expect((await step(provider, prepared, 'env')).stdout).not.toContain('__loom_');
  });

  it('keeps state between steps of one job (one container per job)', async () => {
    const { prepared } = await prepare();
    await step(provider, prepared, 'echo one > state.txt');
    expect((await step(provider, prepared, 'cat state.txt')).stdout).toBe('one');
  });

  it('traces with sh -x when debugTrace is set', async () => {
    const { prepared } = await prepare();
    const run = await step(provider, prepared, 'echo traced', undefined, true);
    expect(run.stderr).toContain('+ echo traced');
    expect(run.stdout).toBe('traced');
  });

  it("keeps the image's PATH through Debian's login profile", async () => {
    const { prepared } = await prepare({ image: { name: images.postgres } });
    const run = await step(provider, prepared, 'echo "$PATH"; command -v pg_ctl');
    expect(run.result.exitCode).toBe(0);
    expect(run.stdout.split('\n')).toEqual([expect.stringMatching(/^\/usr\/lib\/postgresql\/15\/bin:/), '/usr/lib/postgresql/15/bin/pg_ctl']);
  });

  it('restores a PATH the image sets beyond the login default', async () => {
    const { prepared } = await prepare({ image: { name: images.debian }, env: { PATH: '/opt/tools/bin:/usr/bin:/bin' } });
    const run = await step(provider, prepared, 'echo "$PATH"');
    expect(run.stdout).toBe('/opt/tools/bin:/usr/bin:/bin');
  });

  it('honours the read-only mounts of the request', async () => {
    const secretDir = tempDir();
    writeTree(secretDir, { 'token': 's3cret' });
    const { prepared } = await prepare({ mounts: [{ hostPath: `${secretDir}/token`, containerPath: '/run/secrets/token', readOnly: true }] });
    const run = await step(provider, prepared, 'cat /run/secrets/token; echo x > /run/secrets/token');
    expect(run.stdout).toBe('s3cret');
    expect(run.result.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/read-only/i);
  });

  it('cleanup removes the container and its volume, and is idempotent', async () => {
    const { request, prepared } = await prepare();
    expect(await objectsOfRun(request.runId)).toHaveLength(2); // the container and its workspace volume
    const report = collectReport();
    await provider.cleanup({ request, prepared }, report.report);
    await provider.cleanup({ request, prepared }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
    expect(report.text()).toMatch(/removed containers [0-9a-f]{12}/);
  });
}, { tags: ['docker'] });
