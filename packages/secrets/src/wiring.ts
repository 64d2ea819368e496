/**
 * Where each KeePass alias's database and credentials come from (secrets.md §5.2, runtime-config.md):
 * `LOOM_KEEPASS_DB_<KEY>_{PATH,PASSWORD_ENV,KEYFILE_ENV}` over the aliases the caller passes (runtime config),
 * field by field. `<KEY>` is the alias upper-cased with every non-alphanumeric character replaced by `_`; a
 * config alias matches a ref alias when their keys are equal. Empty env values are ignored. Pure.
 */
import { unavailable } from './codes.js';

export interface KeepassAlias {
  /** The `.kdbx` file (absolute, or relative to the Loom process's cwd). */
  path?: string;
  /** NAME of the env var holding the master password. */
  passwordEnv?: string;
  /** NAME of the env var holding the keyfile's path. */
  keyfileEnv?: string;
}

export interface KeepassCredentials {
  path: string;
  password?: string;
  keyfilePath?: string;
}

export function aliasKey(alias: string): string {
  return alias.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

type Env = Record<string, string | undefined>;
const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** The effective wiring of `alias`: config aliases (matched by key) under the env overlay. */
export function keepassAlias(alias: string, env: Env, configAliases: Record<string, KeepassAlias> = {}): KeepassAlias {
  const key = aliasKey(alias);
  const fromConfig = Object.entries(configAliases).find(([name]) => aliasKey(name) === key)?.[1] ?? {};
  const prefix = `LOOM_KEEPASS_DB_${key}_`;
  const pick = (field: keyof KeepassAlias, suffix: string): string | undefined => nonEmpty(env[prefix + suffix]) ?? nonEmpty(fromConfig[field]);
  const out: KeepassAlias = {};
  const path = pick('path', 'PATH');
  const passwordEnv = pick('passwordEnv', 'PASSWORD_ENV');
  const keyfileEnv = pick('keyfileEnv', 'KEYFILE_ENV');
  if (path !== undefined) out.path = path;
  if (passwordEnv !== undefined) out.passwordEnv = passwordEnv;
  if (keyfileEnv !== undefined) out.keyfileEnv = keyfileEnv;
  return out;
}

/** Follows the two-layer indirection to the credentials, or throws `SECRETS_PROVIDER_UNAVAILABLE`. */
export function keepassCredentials(alias: string, env: Env, configAliases?: Record<string, KeepassAlias>): KeepassCredentials {
  const wiring = keepassAlias(alias, env, configAliases);
  const prefix = `LOOM_KEEPASS_DB_${aliasKey(alias)}_`;
  if (wiring.path === undefined) {
    throw unavailable(
      `keepass alias "${alias}" has no database: ${prefix}PATH is not set and no runtime config names one`,
      `export ${prefix}PATH=<path to the .kdbx> (and ${prefix}PASSWORD_ENV=<NAME of the env var holding the password>), or set providers.keepass.aliases in .loom/config.yml`,
    );
  }
  if (wiring.passwordEnv === undefined && wiring.keyfileEnv === undefined) {
    throw unavailable(
      `keepass alias "${alias}" has no credentials: neither ${prefix}PASSWORD_ENV nor ${prefix}KEYFILE_ENV is set`,
      `export ${prefix}PASSWORD_ENV=<NAME of the env var holding the master password> and/or ${prefix}KEYFILE_ENV=<NAME of the env var holding the keyfile path>`,
    );
  }
  const out: KeepassCredentials = { path: wiring.path };
  for (const [what, name] of [['password', wiring.passwordEnv], ['keyfilePath', wiring.keyfileEnv]] as const) {
    if (name === undefined) continue;
    const value = nonEmpty(env[name]);
    if (value === undefined) {
      throw unavailable(
        `keepass alias "${alias}": the ${what === 'password' ? 'master password' : 'keyfile path'} variable ${name} is not set`,
        `export ${name} in the shell that runs loom`,
      );
    }
    out[what] = value;
  }
  return out;
}
