/**
 * Provider URIs (secrets.md §5), parsed without touching any provider: `env://NAME`,
 * `keepass://<alias>#<entry-path>:<field>` (split at the last `:`), `op://<vault>/<item-path>/<field>`.
 * Pure; throws `SECRETS_REF_INVALID` naming the part that is wrong.
 */
import type { LoomError } from '@loom/errors';
import { invalidRef } from './codes.js';

export type SecretScheme = 'env' | 'keepass' | 'op';
export const SECRET_SCHEMES: readonly SecretScheme[] = ['env', 'keepass', 'op'];

export interface EnvRef {
  scheme: 'env';
  variable: string;
}
export interface KeepassRef {
  scheme: 'keepass';
  alias: string;
  /** Group/entry path segments; the last one is the entry title. */
  entryPath: string[];
  field: string;
}
export interface OpRef {
  scheme: 'op';
  vault: string;
  itemPath: string[];
  field: string;
  /** The ref as written, which is what the 1Password SDK resolves. */
  uri: string;
}
export type ParsedRef = EnvRef | KeepassRef | OpRef;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHAPES = 'env://<NAME>, keepass://<alias>#<entry-path>:<field> or op://<vault>/<item-path>/<field>';

export function schemeOf(ref: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(ref)?.[1];
}

/** Parses `ref` or throws `SECRETS_REF_INVALID`. */
export function parseSecretRef(ref: string): ParsedRef {
  const result = checkSecretRef(ref);
  if ('error' in result) throw result.error;
  return result.ref;
}

/** The same, as a value: for callers that collect problems. */
export function checkSecretRef(ref: string): { ref: ParsedRef } | { error: LoomError } {
  const scheme = schemeOf(ref);
  const fail = (what: string, hint: string): { error: LoomError } => ({ error: invalidRef(`secret ref "${ref}": ${what}`, hint) });
  if (scheme === undefined) return fail('not a provider URI', `write one of ${SHAPES}`);
  const rest = ref.slice(scheme.length + 3);
  if (scheme === 'env') {
    if (!ENV_NAME.test(rest)) return fail('env:// needs one environment variable name', 'write env://NAME, e.g. env://DEPLOY_TOKEN');
    return { ref: { scheme: 'env', variable: rest } };
  }
  if (scheme === 'keepass') return parseKeepass(rest, fail);
  if (scheme === 'op') return parseOp(ref, rest, fail);
  return fail(`unknown scheme "${scheme}://"`, `use one of ${SHAPES}`);
}

type Fail = (what: string, hint: string) => { error: LoomError };

function parseKeepass(rest: string, fail: Fail): { ref: KeepassRef } | { error: LoomError } {
  const hint = 'write keepass://<alias>#<entry-path>:<field>, e.g. keepass://local#services/db:password';
  const hash = rest.indexOf('#');
  if (hash <= 0) return fail(hash === 0 ? 'the database alias before "#" is empty' : 'missing "#" between the database alias and the entry path', hint);
  const alias = rest.slice(0, hash);
  const target = rest.slice(hash + 1);
  const colon = target.lastIndexOf(':');
  if (colon < 0) return fail('missing ":<field>" after the entry path', hint);
  const entryPath = target.slice(0, colon).split('/');
  const field = target.slice(colon + 1);
  if (/\s/.test(alias) || alias.split('/').some((s) => s === '')) return fail(`the alias "${alias}" has an empty segment or whitespace`, hint);
  if (entryPath.some((s) => s === '')) return fail('the entry path has an empty segment', hint);
  if (field === '') return fail('the field after the last ":" is empty', hint);
  return { ref: { scheme: 'keepass', alias, entryPath, field } };
}

function parseOp(ref: string, rest: string, fail: Fail): { ref: OpRef } | { error: LoomError } {
  const hint = 'write op://<vault>/<item-path>/<field>, e.g. op://Engineering/services/deploy/token';
  if (/[?#]/.test(rest)) return fail('query strings and fragments are not allowed in op:// refs', hint);
  const segments = rest.split('/');
  if (segments.length < 3) return fail('op:// needs a vault, an item path and a field', hint);
  if (segments.some((s) => s.trim() === '')) return fail('a segment is empty', hint);
  const vault = segments[0] as string;
  const field = segments[segments.length - 1] as string;
  return { ref: { scheme: 'op', vault, itemPath: segments.slice(1, -1), field, uri: ref } };
}
