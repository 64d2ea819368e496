/** The `SECRETS_*` codes of secrets.md §6, and the one error shape every provider throws. */
import { LoomError } from '@loom/errors';

export const SecretsErrorCode = {
  ProviderUnavailable: 'SECRETS_PROVIDER_UNAVAILABLE',
  RefInvalid: 'SECRETS_REF_INVALID',
  RefNotFound: 'SECRETS_REF_NOT_FOUND',
  RequiredMissing: 'SECRETS_REQUIRED_MISSING',
  UnsafeDebugTrace: 'SECRETS_UNSAFE_DEBUG_TRACE',
} as const;
export type SecretsErrorCode = (typeof SecretsErrorCode)[keyof typeof SecretsErrorCode];

/** Messages name refs, aliases, paths and env-var NAMES; never a value, a password or a token. */
export function secretsError(code: SecretsErrorCode, message: string, hint?: string, cause?: unknown): LoomError {
  return new LoomError(code, message, { ...(hint === undefined ? {} : { hint }), ...(cause === undefined ? {} : { cause }) });
}

export const unavailable = (message: string, hint?: string, cause?: unknown): LoomError =>
  secretsError(SecretsErrorCode.ProviderUnavailable, message, hint, cause);
export const notFound = (message: string, hint?: string): LoomError => secretsError(SecretsErrorCode.RefNotFound, message, hint);
export const invalidRef = (message: string, hint?: string): LoomError => secretsError(SecretsErrorCode.RefInvalid, message, hint);
