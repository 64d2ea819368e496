import type { ProviderSuiteOptions } from './types.js';

export type ResolvedSuiteOptions = Required<ProviderSuiteOptions>;

export function resolveSuiteOptions(options: ProviderSuiteOptions = {}): ResolvedSuiteOptions {
  return {
    tags: options.tags ?? [],
    rssLimitMiB: options.rssLimitMiB ?? 150,
    cancelWithinMs: options.cancelWithinMs ?? 5000,
    slowTimeoutMs: options.slowTimeoutMs ?? 120_000,
  };
}
