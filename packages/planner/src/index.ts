export { planWorkflow } from './plan-workflow.js';
export { createScheduler } from './scheduler.js';
export { providerOf } from './provider.js';
export { closestName } from './closest.js';
export { GRAPH_IR_SCHEMA_VERSION } from './graph-ir.js';
export type {
  ProviderKind,
  PlannedJob,
  ArtifactSources,
  Plan,
  PlanOptions,
  GraphIr,
  GraphIrJob,
  GraphIrEdge,
  GraphIrService,
  GraphIrCacheEntry,
  PlanResult,
  SchedulerStep,
  Scheduler,
} from './plan.js';
