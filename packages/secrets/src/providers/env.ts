/** `env://NAME`: the Loom process's environment; an empty value counts as missing (secrets.md §5.1). */
import { SecretsErrorCode, secretsError } from '../codes.js';
import type { ParsedRef } from '../ref.js';
import type { ProviderContext, SchemeProvider } from './types.js';

export function createProvider(ctx: ProviderContext): SchemeProvider {
  return {
    resolve(ref: ParsedRef, required: boolean): Promise<string> {
      if (ref.scheme !== 'env') throw new Error(`env provider got a ${ref.scheme} ref`);
      const value = ctx.env[ref.variable];
      if (value === undefined || value === '') {
        const code = required ? SecretsErrorCode.RequiredMissing : SecretsErrorCode.RefNotFound;
        return Promise.reject(
          secretsError(code, `env://${ref.variable}: ${ref.variable} is ${value === undefined ? 'not set' : 'empty'} in the environment of loom`, `export ${ref.variable} in the shell that runs loom`),
        );
      }
      return Promise.resolve(value);
    },
  };
}
