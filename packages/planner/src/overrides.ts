import { LoomError } from '@loom/errors';
import type { Workflow } from '@loom/schema';
import type { PlannedJob } from './plan.js';

const NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * `--variable KEY=VALUE` values, checked: a name the workflow could use, and never a secret's name (a secret's
 * value comes from its vault; a value on the command line would land in the receipt and shell history).
 */
export function checkOverrides(workflow: Workflow, variables: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const overrides = { ...variables };
  for (const name of Object.keys(overrides)) {
    if (!NAME.test(name)) {
      throw new LoomError('PLAN_BAD_VARIABLE', `--variable ${name}: the name must match ^[A-Z_][A-Z0-9_]*$ (UPPER_SNAKE_CASE)`, { hint: 'e.g. --variable NODE_ENV=test' });
    }
    const owner = Object.values(workflow.jobs).find((job) => name in job.secrets);
    if (owner !== undefined) {
      throw new LoomError('PLAN_VARIABLE_IS_SECRET', `--variable ${name} is refused: ${name} is a secret of job "${owner.name}"`, {
        hint: 'a secret comes from its vault reference (secrets: in the workflow); change the vault item, or the ref, instead',
      });
    }
  }
  return overrides;
}

/**
 * A planned job as a selective run runs it: `needs` on jobs left out of the plan (`noNeeds`) are dropped, so
 * it starts at once against the workspace as it is, and the overrides win over every workflow layer.
 */
export function adjusted(planned: PlannedJob, selected: ReadonlySet<string>, overrides: Readonly<Record<string, string>>): PlannedJob {
  const { job } = planned;
  const needs = job.needs?.filter((need) => selected.has(need));
  const keepsNeeds = needs === undefined || needs.length === job.needs?.length;
  if (keepsNeeds && Object.keys(overrides).length === 0) return planned;
  const variables = { ...job.variables, ...overrides };
  return { ...planned, job: { ...job, variables, ...(keepsNeeds ? {} : { needs }) } };
}
