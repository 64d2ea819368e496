/**
 * The env overlays (runtime-config.md, complete list): `LOOM_DOCKER_WORKSPACE_MOUNT` and
 * `LOOM_KEEPASS_DB_<ALIAS>_{PATH,PASSWORD_ENV,KEYFILE_ENV}`. Empty values are ignored; paths are verbatim.
 */
import { LoomError } from '@loom/errors';
import { aliasEnvKey } from './alias-key.js';
import { ENV_NAME, type LayerSetting, WORKSPACE_MOUNTS, type WorkspaceMount } from './model.js';

export const MOUNT_ENV = 'LOOM_DOCKER_WORKSPACE_MOUNT';
const KEEPASS_ENV = /^LOOM_KEEPASS_DB_(.+)_(PATH|PASSWORD_ENV|KEYFILE_ENV)$/;
const FIELD_OF: Record<string, 'path' | 'passwordEnv' | 'keyfileEnv'> = { PATH: 'path', PASSWORD_ENV: 'passwordEnv', KEYFILE_ENV: 'keyfileEnv' };

function checkMount(name: string, value: string): WorkspaceMount {
  if (WORKSPACE_MOUNTS.includes(value as WorkspaceMount)) return value as WorkspaceMount;
  throw new LoomError('CONFIG_ENV_INVALID', `${name} expects bind_mount or ephemeral_volume; got ${JSON.stringify(value)}`, {
    hint: `set ${name}=bind_mount or ${name}=ephemeral_volume, or unset it`,
    location: { pointer: name },
  });
}

function checkEnvName(name: string, value: string): string {
  if (ENV_NAME.test(value)) return value;
  throw new LoomError('CONFIG_ENV_INVALID', `${name} must hold the NAME of an environment variable; got a value that is not one`, {
    hint: `e.g. ${name}=TEAM_APP_PASSWORD, and put the secret itself in TEAM_APP_PASSWORD`,
    location: { pointer: name },
  });
}

/**
 * An overlay key names an alias by its key; it applies to every alias of the files with that key (gap:
 * compare keys), and an alias only the environment knows is named by its key.
 */
export function envSettings(env: Record<string, string | undefined>, fileAliases: string[]): LayerSetting[] {
  const out: LayerSetting[] = [];
  const mount = env[MOUNT_ENV];
  if (mount) out.push({ path: ['runtime', 'docker', 'workspaceMount'], value: checkMount(MOUNT_ENV, mount), origin: { layer: 'env', source: MOUNT_ENV } });
  for (const name of Object.keys(env).sort()) {
    const match = KEEPASS_ENV.exec(name);
    const value = env[name];
    if (!match || !value) continue;
    const [, key, suffix] = match as unknown as [string, string, string];
    const field = FIELD_OF[suffix] as 'path' | 'passwordEnv' | 'keyfileEnv';
    const checked = field === 'path' ? value : checkEnvName(name, value);
    const aliases = fileAliases.filter((alias) => aliasEnvKey(alias) === key);
    for (const alias of aliases.length > 0 ? aliases : [key]) {
      out.push({ path: ['providers', 'keepass', 'aliases', alias, field], value: checked, origin: { layer: 'env', source: name } });
    }
  }
  return out;
}
