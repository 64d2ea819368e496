/** JSON Schema of the workflow format, generated from the zod schema (committed as workflow.schema.json). */
import { createRequire } from 'node:module';
import type * as Zod from 'zod';
import { JOB_NAME, ROOT_KEYWORDS } from './shapes.js';
import { workflowSchema } from './zod-schema.js';

/** zod, loaded on demand (see zod-schema.ts for why it is not a static import). */
function loadZod(): typeof Zod.z {
  return (createRequire(import.meta.url)('zod') as typeof Zod).z;
}

export function workflowJsonSchema(): Record<string, unknown> {
  const z = loadZod();
  const root = workflowSchema(z);
  const json = z.toJSONSchema(root, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  // zod's catchall becomes `additionalProperties`; root jobs must also match the job-name pattern.
  const job = json.additionalProperties;
  delete json.additionalProperties;
  // The root keywords match the job-name pattern too, and JSON Schema applies both: exclude them.
  const jobName = `^(?!(?:${[...ROOT_KEYWORDS].join('|')})$)${JOB_NAME.source.slice(1)}`;
  return {
    $schema: json.$schema,
    title: 'Loom workflow (schema v1)',
    ...json,
    patternProperties: { [jobName]: job },
    additionalProperties: false,
  };
}
