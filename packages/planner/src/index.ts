export type { ProviderKind, PlannedJob, Plan, GraphIr, GraphIrJob, PlanResult, SchedulerStep, Scheduler } from './plan.js';
