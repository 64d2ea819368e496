/** `@loom/engine`: runs a Plan with the adapters it is given, emitting typed events; never prints. */
export { runPipeline } from './run-pipeline.js';
export { expandValue, layerVariables } from './variables.js';
export type { Env, LayerInput } from './variables.js';
export { inheritableEnv, predefinedVariables, workflowPathVariable, CONTAINER_WORKSPACE } from './predefined.js';
export type { RunFacts } from './predefined.js';
export { cancelReasonOf } from './cancellation.js';
export type {
  RunPipelineOptions,
  RunResult,
  RunStatus,
  RunIdentity,
  SnapshotOptions,
  SnapshotInfo,
  SnapshotRequest,
  SnapshotWarningInfo,
  MakeSnapshot,
  CancelReason,
  DockerWorkspaceMode,
} from './types.js';
