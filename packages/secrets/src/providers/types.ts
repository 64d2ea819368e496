import type { KeepassAlias } from '../wiring.js';
import type { ParsedRef } from '../ref.js';

type Env = Record<string, string | undefined>;

/** What every provider may read: the wiring the resolver was created with. */
export interface ProviderContext {
  env: Env;
  keepassAliases: Record<string, KeepassAlias>;
  /** NAME of the env var holding the 1Password service-account token. */
  opTokenEnv: string;
}

/** One scheme's provider, created once per run (so a vault or a client is opened once per run). */
export interface SchemeProvider {
  /** The value, or a `SECRETS_*` LoomError whose message never contains a value. */
  resolve(ref: ParsedRef, required: boolean, signal: AbortSignal): Promise<string>;
}
