import type { PreparedJob } from '@loom/contracts';
import { afterAll, beforeAll, describe } from 'vitest';
import { registerCancelCases } from './cancel-cases.js';
import { registerCleanupCases } from './cleanup-cases.js';
import { registerCopyCases } from './copy-cases.js';
import { registerEnvCases } from './env-cases.js';
import { createHarness } from './harness.js';
import { resolveSuiteOptions } from './options.js';
import { registerOutputCases } from './output-cases.js';
import { registerStepCases } from './step-cases.js';
import type { ProviderSuiteFactory, ProviderSuiteOptions, ProviderSuiteSubject } from './types.js';

/**
 * The behaviour every Provider shares (conventions practice 12), as one vitest suite: exit codes, output
 * per stream and as raw bytes, 100 MiB within an RSS bound, the job's variables and PATH, the working
 * directory, cancellation of whole process trees, copyIn/copyOut, and cleanup after failure. Commands are
 * POSIX `sh` that busybox also runs. Call it at the top level of a test file (or inside a `describe`).
 */
export function describeProvider<P extends PreparedJob>(name: string, factory: ProviderSuiteFactory<P>, options: ProviderSuiteOptions = {}): void {
  const resolved = resolveSuiteOptions(options);
  describe(`${name}: Provider behaviour`, { tags: resolved.tags }, () => {
    let subject: ProviderSuiteSubject | undefined;
    beforeAll(async () => {
      // A Provider<P> is used only through its own prepared jobs, so widening P here is sound.
      subject = (await factory()) as unknown as ProviderSuiteSubject;
    });
    afterAll(async () => {
      await subject?.teardown?.();
    });
    const h = createHarness(() => {
      if (!subject) throw new Error('describeProvider: the factory has not run (did beforeAll fail?)');
      return subject;
    });
    describe('steps', () => registerStepCases(h));
    describe('output', () => registerOutputCases(h, resolved));
    describe('environment', () => registerEnvCases(h));
    describe('cancellation', () => registerCancelCases(h, resolved));
    describe('copyIn / copyOut', () => registerCopyCases(h));
    describe('cleanup', () => registerCleanupCases(h));
  });
}
