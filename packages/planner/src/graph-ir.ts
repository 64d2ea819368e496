import type { CacheEntry, Job, ServiceDecl, Workflow } from '@loom/schema';
import type { GraphIr, GraphIrCacheEntry, GraphIrEdge, GraphIrJob, GraphIrService, PlannedJob } from './plan.js';

export const GRAPH_IR_SCHEMA_VERSION = 'loom.graph-ir.v1';

/** The JSON contract `loom compile` prints and the run receipt embeds as `graph_ir` (README: "Graph IR"). */
export function buildGraphIr(
  workflow: Workflow,
  jobs: readonly PlannedJob[],
  incoming: ReadonlyMap<string, GraphIrEdge[]>,
  selection: readonly string[] | undefined,
  overrides: Readonly<Record<string, string>> = {},
): GraphIr {
  return {
    schema_version: GRAPH_IR_SCHEMA_VERSION,
    workflow_path: workflow.file,
    stages: [...workflow.stages],
    selection: selection ? [...selection] : null,
    variable_overrides: { ...overrides },
    variables: { ...workflow.variables },
    rules: workflow.rules.map((rule) => ({ if: rule.if })),
    includes: [...workflow.includes],
    jobs: jobs.map((planned) => irJob(planned, incoming.get(planned.id) ?? [])),
    edges: jobs.flatMap((planned) => incoming.get(planned.id) ?? []),
  };
}

function irJob(planned: PlannedJob, incoming: readonly GraphIrEdge[]): GraphIrJob {
  const job: Job = planned.job;
  return {
    id: planned.id,
    stage: planned.stage,
    provider: planned.provider,
    needs: job.needs ? [...job.needs] : null,
    after_stage: incoming.find((edge) => edge.kind === 'stage')?.from ?? null,
    target: job.target,
    image: job.image ? { name: job.image.name, ...(job.image.build ? { build: { ...job.image.build } } : {}) } : null,
    script: [...job.script],
    variables: { ...job.variables },
    secrets: Object.fromEntries(
      Object.entries(job.secrets).map(([key, s]) => [key, { ref: s.ref, file: s.file, required: s.required }]),
    ),
    services: job.services.map(irService),
    cache: job.cache.map(irCache),
    artifacts: job.artifacts ? { paths: [...job.artifacts.paths], exclude: [...job.artifacts.exclude], when: job.artifacts.when } : null,
    artifacts_from: planned.artifactsFrom.kind === 'needs' ? [...planned.artifactsFrom.jobs] : 'earlier_stages',
    extends: [...job.extends],
    runner_pool: job.runnerPool ?? null,
    invariant: job.invariant ?? null,
    source: { file: job.source.file, line: job.source.line, column: job.source.column },
  };
}

function irService(service: ServiceDecl): GraphIrService {
  return {
    name: service.name,
    alias: service.alias,
    entrypoint: service.entrypoint ?? null,
    command: service.command ?? null,
    variables: { ...service.variables },
  };
}

function irCache(entry: CacheEntry): GraphIrCacheEntry {
  return {
    name: entry.name,
    disabled: entry.disabled,
    paths: [...entry.paths],
    key: entry.key ?? null,
    fallback_keys: [...entry.fallbackKeys],
    policy: entry.policy,
    when: entry.when,
  };
}
