/**
 * The workflow format as a zod schema, for the JSON Schema editors use (`workflow.schema.json`). It describes
 * each layer as written: rules that need the whole file (a stage listed in `stages`, required keys after
 * `default`/`extends`, services need an image) are the validator's. zod is passed in rather than imported:
 * `parseWorkflow` does not use it, and its import costs ~55 ms of `loom check`'s start-up.
 */
import type { z as Z } from 'zod';
import { CACHE_POLICIES, CACHE_WHENS, HOST_NAME, INCLUDE_LOCAL, JOB_NAME, STAGE_NAME, VARIABLE_NAME } from './shapes.js';

type ZodApi = typeof Z;

export function workflowSchema(z: ZodApi) {
  const text = z.string().min(1);
  const variables = z.record(z.string().regex(VARIABLE_NAME), z.string()).describe('UPPER_SNAKE_CASE names to string values (quote numbers).');
  const workspacePath = text.regex(/^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))/, 'relative to the workspace, no ..');
  const paths = z.array(workspacePath).min(1);
  const cacheKey = z.union([text, z.strictObject({ prefix: text.optional(), files: z.array(workspacePath).min(1).optional(), template: text.optional() })]);
  const cacheFields = {
    paths: paths.optional().describe('Required on the merged entry unless disabled.'),
    key: cacheKey.optional(),
    fallback_keys: z.array(text).optional(),
    policy: z.enum(CACHE_POLICIES).optional().describe('Default pull-push.'),
    when: z.enum(CACHE_WHENS).optional().describe('Default on_success.'),
  };
  const cacheMapping = z.strictObject({ name: text.optional(), ...cacheFields });
  const cacheEntry = z.strictObject({ name: text, disabled: z.boolean().optional(), ...cacheFields });
  const image = z.union([
    z.string().describe('Image reference; empty means no image (host provider).'),
    z.null(),
    z.strictObject({ name: text, build: z.strictObject({ context: workspacePath, dockerfile: workspacePath }).optional() }),
  ]);
  const service = z.strictObject({
    name: text.describe('Service image, e.g. postgres:16.'),
    alias: z.string().regex(HOST_NAME).optional().describe('Host name; default: image basename.'),
    entrypoint: z.array(text).optional(),
    command: z.array(text).optional(),
    variables: variables.optional(),
  });
  const common = {
    stage: text.describe('A stage listed in stages.'),
    target: z.literal('linux').describe('Only linux is supported.'),
    script: z.array(text.regex(/^[^\n]*$/, 'one line')).min(1).describe('One single-line command per step.'),
    image,
    runner_pool: text.describe('Accepted and ignored locally.'),
    variables,
    services: z.array(service),
    invariant: z.record(z.string(), z.unknown()).describe('Recorded only; no effect yet.'),
    cache: z.union([z.null(), cacheMapping, z.array(cacheEntry)]).describe('null or [] turns caching off.'),
    artifacts: z
      .strictObject({
        paths: paths.describe('Globs relative to the workspace; a matched directory brings everything below it.'),
        exclude: paths.optional().describe('Globs of files or directories to leave out.'),
        when: z.enum(CACHE_WHENS).optional().describe('Default on_success.'),
      })
      .describe('Files copied out of the workspace after the job into jobs/<id>/artifacts (and artifacts.tar.gz); later jobs that need this one get them.'),
  };
  const job = z
    .strictObject({
      ...common,
      extends: z.union([text, z.array(text).min(1)]).describe('Template job(s) to inherit from, e.g. .base.'),
      needs: z
        .array(z.union([text, z.strictObject({ job: text, artifacts: z.boolean().optional().describe('false: do not receive its artifacts.') })]))
        .describe('Jobs this job waits for (and whose artifacts it receives).'),
      secrets: z.record(
        z.string().regex(VARIABLE_NAME),
        z.strictObject({ ref: text.describe('env://, keepass:// or op:// URI.'), file: z.boolean().optional(), required: z.boolean().optional() }),
      ),
    })
    .partial();
  const defaults = z.strictObject(common).partial().describe('Merged into every job; job values win.');
  return z
    .object({
      version: z.literal('v1'),
      stages: z.array(z.string().regex(STAGE_NAME)).min(1).describe('Unique stage names in execution order.'),
      include: z.array(z.strictObject({ local: z.string().regex(INCLUDE_LOCAL) })).optional(),
      workflow: z.strictObject({ rules: z.array(z.strictObject({ if: text })).optional() }).optional(),
      variables: variables.optional(),
      default: defaults.optional(),
    })
    .catchall(job)
    .describe(`Loom workflow, schema v1. Other root keys are jobs named ${JOB_NAME.source}.`);
}
