/** The v1 config file, known-field (runtime-config.md "File schema"): unknown keys are errors. */
import { z } from 'zod';
import { ENV_NAME, WORKSPACE_MOUNTS } from './model.js';

const envName = z.string({ error: 'must be a string (the NAME of an environment variable)' }).regex(ENV_NAME, {
  error: 'must be the NAME of an environment variable (letters, digits and _), never its value',
});
const path = z.string({ error: 'must be a string (a path)' }).min(1, { error: 'must not be empty' });

/** A section left with only comments under it (`docker:` in the scaffold) reads as null: the same as absent. */
const section = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, { error: 'must be a mapping' }).nullable().optional();

const alias = z
  .strictObject({ path: path.optional(), passwordEnv: envName.optional(), keyfileEnv: envName.optional() }, { error: 'must be a mapping' })
  .nullable();

export const configFileSchema = z
  .strictObject(
    {
      runtime: section({
        docker: section({
          workspaceMount: z.enum(WORKSPACE_MOUNTS as [string, ...string[]], { error: 'must be bind_mount or ephemeral_volume' }).optional(),
        }),
        concurrency: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1, { error: 'must be 1 or more' }).optional(),
        cache: section({ dir: path.optional() }),
      }),
      providers: section({
        keepass: section({
          aliases: z.record(z.string().min(1, { error: 'an alias name must not be empty' }), alias, { error: 'must be a mapping of alias names' }).nullable().optional(),
        }),
        op: section({ serviceAccountTokenEnv: envName.optional() }),
      }),
    },
    { error: 'must be a mapping' },
  )
  .nullable();

export type ConfigFile = z.infer<typeof configFileSchema>;

/** Keys each mapping allows, for the unknown-key hint; `*` stands for an alias name. */
export const ALLOWED_KEYS: Record<string, string[]> = {
  '': ['runtime', 'providers'],
  runtime: ['docker', 'concurrency', 'cache'],
  'runtime.docker': ['workspaceMount'],
  'runtime.cache': ['dir'],
  providers: ['keepass', 'op'],
  'providers.keepass': ['aliases'],
  'providers.keepass.aliases.*': ['path', 'passwordEnv', 'keyfileEnv'],
  'providers.op': ['serviceAccountTokenEnv'],
};
