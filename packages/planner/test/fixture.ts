import type { ImageRef, Job, Workflow } from '@loom/schema';

export interface JobSpec {
  stage: string;
  needs?: string[];
  needsWithoutArtifacts?: string[];
  image?: ImageRef;
  line?: number;
}

/** A normalised workflow as the schema would hand it over; each job's key is on line `line` (default: its position × 10). */
export function makeWorkflow(stages: string[], jobs: Record<string, JobSpec>, templates: string[] = []): Workflow {
  const entries = Object.entries(jobs).map(([name, spec], i): [string, Job] => [name, makeJob(name, spec, (i + 1) * 10)]);
  return {
    version: 'v1',
    file: '/repo/.loom/workflow.yml',
    stages,
    variables: { ROOT: '1' },
    rules: [],
    jobs: Object.fromEntries(entries),
    templates,
    includes: [],
  };
}

function makeJob(name: string, spec: JobSpec, line: number): Job {
  return {
    name,
    stage: spec.stage,
    target: 'linux',
    script: [`echo ${name}`],
    ...(spec.needs ? { needs: spec.needs } : {}),
    ...(spec.needsWithoutArtifacts ? { needsWithoutArtifacts: spec.needsWithoutArtifacts } : {}),
    ...(spec.image ? { image: spec.image } : {}),
    variables: { ROOT: '1' },
    secrets: {},
    services: [],
    cache: [],
    extends: [],
    source: { file: '/repo/.loom/workflow.yml', line: spec.line ?? line, column: 1 },
  };
}
