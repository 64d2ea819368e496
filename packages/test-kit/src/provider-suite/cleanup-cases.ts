import { isLoomError } from '@loom/errors';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Harness } from './harness.js';

/** `cleanup` always runs: after a failed `prepare`, and more than once. */
export function registerCleanupCases(h: Harness): void {
  it('throws a LoomError from prepare when it cannot prepare, and cleanup still resolves, twice', async () => {
    const subject = h.subject();
    const request = subject.makeFailingRequest
      ? await subject.makeFailingRequest()
      : await subject.makeRequest({ workspaceDir: join(h.tempDir(), 'does-not-exist'), env: {} });
    const { report } = h.collectReport();
    const failure = await subject.provider.prepare(request, report).then(() => undefined, (error: unknown) => error);
    expect(isLoomError(failure), `prepare should throw a LoomError, got ${String(failure)}`).toBe(true);
    await expect(subject.provider.cleanup({ request }, report)).resolves.toBeUndefined();
    await expect(subject.provider.cleanup({ request }, report)).resolves.toBeUndefined();
  });

  it('cleans up a prepared job twice in a row', async () => {
    const subject = h.subject();
    const request = await subject.makeRequest({ workspaceDir: h.tempDir(), env: {} });
    const { report } = h.collectReport();
    const prepared = await subject.provider.prepare(request, report);
    expect((await subject.provider.runStep(prepared, { index: 1, command: 'true', debugTrace: false }, () => {}, new AbortController().signal)).exitCode).toBe(0);
    await expect(subject.provider.cleanup({ request, prepared }, report)).resolves.toBeUndefined();
    await expect(subject.provider.cleanup({ request, prepared }, report)).resolves.toBeUndefined();
  });
}
