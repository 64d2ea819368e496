/**
 * Nothing the provider opens keeps the process alive (issue 17): a process that prepares a job, aborts its
 * running step (the kill exec), cleans up and returns must exit at once by itself — without the CLI's
 * explicit exit. Before the fix the kill exec's unread response pinned a socket for ~300 s. Runs the built
 * package (`dist/`) in a child process, both step transports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { dockerRequirement, images, objectsOfRun, testLabel, uniqueRunId } from './support.js';

const dist = new URL('../dist/index.js', import.meta.url).href;

const script = (runId: string, workspace: string, transport: string): string => `
import { createDockerProvider } from ${JSON.stringify(dist)};
const provider = createDockerProvider({ labels: ${JSON.stringify(testLabel)}, killGraceMs: 1000, stepTransport: ${JSON.stringify(transport)} });
const request = { runId: ${JSON.stringify(runId)}, jobId: 'job', image: { name: ${JSON.stringify(images.busybox)} }, workspace: { hostPath: ${JSON.stringify(workspace)}, mode: 'ephemeral_volume' }, env: {}, mounts: [], services: [] };
const prepared = await provider.prepare(request, () => undefined);
const abort = new AbortController();
const step = provider.runStep(prepared, { index: 1, command: 'sleep 30', debugTrace: false }, () => undefined, abort.signal);
await new Promise((r) => setTimeout(r, 300));
abort.abort();
const result = await step;
await provider.cleanup({ request, prepared }, () => undefined);
console.log(JSON.stringify(result));
console.error('done ' + Date.now());
`;

describeWithRequirement('docker provider: nothing keeps the process alive', dockerRequirement, () => {
  it.each(['attach', 'exec'])('after an aborted step and cleanup the process exits by itself (%s transport)', async (transport) => {
    const workspace = mkdtempSync(join(tmpdir(), 'loom-docker-exit-'));
    const runId = uniqueRunId();
    try {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script(runId, workspace, transport)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // A child that does not exit (the bug) is killed after 15 s, so the test fails instead of hanging.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const exited = await new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now())));
      clearTimeout(killer);
      const done = Number(/done (\d+)/.exec(stderr)?.[1]);
      expect(JSON.parse(stdout.trim()), stderr).toEqual({ exitCode: 143, signal: 'SIGTERM' });
      expect(exited - done, 'ms from the end of cleanup to the process exit').toBeLessThan(1000);
      expect(await objectsOfRun(runId)).toEqual([]);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  }, 60_000);
}, { tags: ['docker'] });
