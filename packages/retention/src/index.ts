/** `@loom/retention`: which runs' workspaces and logs to keep, and removing the rest. */
export { DEFAULT_RETENTION, runsToRemove } from './policy.js';
export type { RetentionPolicy, RunFacts, Selection } from './policy.js';
export { applyRetention, applyRetentionWhenDue } from './apply.js';
export { AUTO_SLACK } from './due.js';
export type { RetentionOptions, RetentionReport } from './apply.js';
