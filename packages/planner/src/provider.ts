import type { Job } from '@loom/schema';
import type { ProviderKind } from './plan.js';

/**
 * docker-provider.md §1: a job runs in Docker iff its resolved `image` has a non-empty name or a `build`;
 * otherwise on the host. There is no manual override.
 */
export function providerOf(job: Pick<Job, 'image'>): ProviderKind {
  const image = job.image;
  if (!image) return 'host';
  return image.name.trim() !== '' || image.build !== undefined ? 'docker' : 'host';
}
