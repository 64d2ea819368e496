/**
 * The `SecretResolver` port for a run: one per run, so a vault or a 1Password client is opened once per run.
 * A scheme's provider module is imported the first time a job uses that scheme, so a run without
 * `keepass://` never loads kdbxweb or hash-wasm, and one without `op://` never loads the 1Password SDK.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MountSpec, ResolvedSecrets, SecretFailure, SecretRef, SecretResolver } from '@loom/contracts';
import { isLoomError } from '@loom/errors';
import { SecretsErrorCode } from './codes.js';
import { containerSecretPath, defaultSecretsRoot, runSecretDir, sweepStaleSecretDirs, writeSecretFile } from './files.js';
import type { ProviderContext, SchemeProvider } from './providers/types.js';
import { type ParsedRef, type SecretScheme, checkSecretRef, schemeOf } from './ref.js';
import type { KeepassAlias } from './wiring.js';

export interface SecretResolverOptions {
  /** The Loom process's environment: `env://` values, alias wiring, credential variables, the op token. */
  env: Record<string, string | undefined>;
  /** Names the run's secret directory. */
  runId: string;
  /** Aliases from runtime config (`providers.keepass.aliases`); the `LOOM_KEEPASS_DB_*` env overlay wins field by field. */
  keepassAliases?: Record<string, KeepassAlias>;
  /** NAME of the env var holding the 1Password token (default `OP_SERVICE_ACCOUNT_TOKEN`). */
  opTokenEnv?: string;
  /** Where secret files go (default `<os tmpdir>/loom-secrets`); must be outside the repository. */
  tmpRoot?: string;
}

export interface RunSecretResolver extends SecretResolver {
  /** Schemes whose provider module has been loaded (for tests and the bench). */
  loadedSchemes(): SecretScheme[];
  /** Removes the run's secret directory; call after the pipeline (each job's files go in its own cleanup). */
  close(): Promise<void>;
}

const PROVIDER_MODULES: Record<SecretScheme, () => Promise<{ createProvider(ctx: ProviderContext): SchemeProvider }>> = {
  env: () => import('./providers/env.js'),
  keepass: () => import('./providers/keepass.js'),
  op: () => import('./providers/op.js'),
};

type Outcome = { ref: SecretRef; value: string } | { ref: SecretRef; failure: SecretFailure };

export function createSecretResolver(options: SecretResolverOptions): RunSecretResolver {
  const ctx: ProviderContext = {
    env: options.env,
    keepassAliases: options.keepassAliases ?? {},
    opTokenEnv: options.opTokenEnv ?? 'OP_SERVICE_ACCOUNT_TOKEN',
  };
  const root = options.tmpRoot ?? defaultSecretsRoot();
  const dir = runSecretDir(root, options.runId);
  const providers = new Map<SecretScheme, Promise<SchemeProvider>>();
  let swept: Promise<unknown> | undefined;

  function provider(scheme: SecretScheme): Promise<SchemeProvider> {
    let p = providers.get(scheme);
    if (p === undefined) {
      p = PROVIDER_MODULES[scheme]().then((m) => m.createProvider(ctx));
      providers.set(scheme, p);
    }
    return p;
  }

  async function resolveOne(ref: SecretRef, signal: AbortSignal): Promise<Outcome> {
    const checked = checkSecretRef(ref.ref);
    const scheme = (checked as { ref?: ParsedRef }).ref?.scheme ?? schemeOf(ref.ref) ?? 'unknown';
    const failure = (error: unknown, fatal: boolean): Outcome => ({ ref, failure: failureOf(ref, scheme, error, fatal) });
    if ('error' in checked) return failure(checked.error, true);
    try {
      return { ref, value: await (await provider(checked.ref.scheme)).resolve(checked.ref, ref.required, signal) };
    } catch (error) {
      return failure(error, ref.required);
    }
  }

  return {
    async resolve(jobId, refs, signal) {
      swept ??= sweepStaleSecretDirs(root);
      await swept;
      const outcomes = await Promise.all(refs.map((ref) => resolveOne(ref, signal)));
      return inject(jobId, outcomes, signal);
    },
    loadedSchemes: () => [...providers.keys()],
    close: () => dir.remove(),
  };

  async function inject(jobId: string, outcomes: Outcome[], signal: AbortSignal): Promise<ResolvedSecrets> {
    const failures = outcomes.flatMap((o) => ('failure' in o ? [o.failure] : []));
    const resolved = outcomes.flatMap((o) => ('value' in o ? [o] : []));
    const values = resolved.map(({ ref, value }) => ({ name: ref.name, value }));
    const env: Record<string, string> = {};
    const mounts: MountSpec[] = [];
    let jobDir: string | undefined;
    const dispose = async (): Promise<void> => {
      if (jobDir !== undefined) await rm(jobDir, { recursive: true, force: true });
    };
    if (failures.some((f) => f.fatal) || signal.aborted) return { env, mounts, values, failures, dispose };
    try {
      for (const { ref, value } of resolved) {
        if (!ref.file) {
          env[ref.name] = value;
          continue;
        }
        jobDir ??= await dir.jobDir(jobId);
        const hostPath = join(jobDir, ref.name);
        await writeSecretFile(hostPath, value);
        env[ref.name] = hostPath;
        mounts.push({ hostPath, containerPath: containerSecretPath(ref.name), readOnly: true });
      }
    } catch (error) {
      await dispose();
      throw error;
    }
    return { env, mounts, values, failures, dispose };
  }
}

function failureOf(ref: SecretRef, scheme: string, error: unknown, fatal: boolean): SecretFailure {
  const known = isLoomError(error) && error.code.startsWith('SECRETS_');
  const code = known ? error.code : fatal ? SecretsErrorCode.RequiredMissing : SecretsErrorCode.ProviderUnavailable;
  const message = `secret ${ref.name}: ${error instanceof Error ? error.message : String(error)}`;
  const hint = isLoomError(error) ? error.hint : undefined;
  return { name: ref.name, scheme, code, message, ...(hint === undefined ? {} : { hint }), fatal };
}
