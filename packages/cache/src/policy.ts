/** `policy` × `when` (cache.md §5). Pure. */
import type { CachePolicy, CacheWhen } from '@loom/schema';

export type JobResult = 'success' | 'failed';

export const restores = (policy: CachePolicy): boolean => policy === 'pull' || policy === 'pull-push';

export function saves(policy: CachePolicy, when: CacheWhen, result: JobResult): boolean {
  if (policy === 'pull') return false;
  if (when === 'always') return true;
  return when === 'on_success' ? result === 'success' : result === 'failed';
}
