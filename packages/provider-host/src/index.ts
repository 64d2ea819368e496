export { createHostProvider, defaultKillGraceMs } from './provider.js';
export type { HostProviderOptions } from './provider.js';
export type { HostPreparedJob } from './prepare.js';
export { HostErrorCode } from './errors.js';
export { sweepOrphanedProcesses } from './leftovers.js';
