/**
 * `@loom/secrets`: the `SecretResolver` for `env://`, `keepass://` and `op://`. Provider modules (and with
 * them kdbxweb, hash-wasm, @1password/sdk) load only when a job uses their scheme, or when the
 * `load…Tools` functions are called.
 */
import type * as KeepassTools from './keepass/tools.js';
import type * as OpTools from './op/tools.js';

export { createSecretResolver } from './resolver.js';
export type { SecretResolverOptions, RunSecretResolver } from './resolver.js';
export { parseSecretRef, checkSecretRef, SECRET_SCHEMES } from './ref.js';
export type { ParsedRef, EnvRef, KeepassRef, OpRef, SecretScheme } from './ref.js';
export { SecretsErrorCode } from './codes.js';
export { aliasKey, keepassAlias, keepassCredentials } from './wiring.js';
export type { KeepassAlias, KeepassCredentials } from './wiring.js';
export { sweepStaleSecretDirs, defaultSecretsRoot, containerSecretPath } from './files.js';

/** KDBX 4 vault tools (create, set a field, list) for `loom secrets keepass` and tests. */
export const loadKeepassTools = (): Promise<typeof KeepassTools> => import('./keepass/tools.js');
/** 1Password tools for `loom secrets op`. */
export const loadOpTools = (): Promise<typeof OpTools> => import('./op/tools.js');
