export { createDockerProvider } from './provider.js';
export type { DockerProvider, DockerProviderOptions } from './provider.js';
export type { DockerPreparedJob } from './prepare.js';
export type { DockerWorkspaceMode, StepTransport } from './container.js';
export { sweepLeftovers } from './sweep.js';
export type { SweepOptions } from './sweep.js';
export type { Removed } from './remove.js';
export { DockerErrorCode } from './errors.js';
export { Label as DockerLabel } from './labels.js';
