import type { MountSpec } from './provider.js';

/** One `secrets:` entry of a job, as the workflow declares it (a reference, never a value). */
export interface SecretRef {
  /** The environment variable the job sees. */
  name: string;
  /** Provider URI: `env://…`, `keepass://…`, `op://…`. */
  ref: string;
  file: boolean;
  required: boolean;
}

/** A secret that could not be resolved: its name, scheme and `SECRETS_*` code; never a value. */
export interface SecretFailure {
  name: string;
  /** `env`, `keepass`, `op`, or what the ref wrote. */
  scheme: string;
  code: string;
  message: string;
  hint?: string;
  /** True when the job must not run (a required secret, or a malformed ref); false: the variable is omitted. */
  fatal: boolean;
}

export interface ResolvedSecrets {
  /** Variables to add to the job's environment (values, or paths of 0600 files). */
  env: Record<string, string>;
  /** Files to mount read-only into a container job. */
  mounts: MountSpec[];
  /** Every value, so the sink can mask it before anything is written. */
  values: { name: string; value: string }[];
  /** Secrets that could not be resolved. With any fatal one, `env` and `mounts` are empty. */
  failures: SecretFailure[];
  /** Removes temp files; called in the job's cleanup. */
  dispose(): Promise<void>;
}

/** Resolves one job's secrets just before the job runs. Filled by the secrets issue. */
export interface SecretResolver {
  resolve(jobId: string, refs: SecretRef[], signal: AbortSignal): Promise<ResolvedSecrets>;
}
