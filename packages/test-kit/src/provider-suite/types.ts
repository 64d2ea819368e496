import type { ExecutionRequest, PreparedJob, Provider } from '@loom/contracts';

/** What the suite asks of a provider's request builder: a job whose workspace is `workspaceDir` (a host
 * directory the suite made and filled), with `env` as the job's variables. */
export interface SuiteRequestOverrides {
  workspaceDir: string;
  env: Record<string, string>;
}

/** What a provider's test gives `describeProvider` (its factory is called once, before the suite's tests). */
export interface ProviderSuiteSubject<P extends PreparedJob = PreparedJob> {
  provider: Provider<P>;
  /** A complete request for this provider (its image, workspace mode, unique run id) with the overrides. */
  makeRequest(overrides: SuiteRequestOverrides): ExecutionRequest | Promise<ExecutionRequest>;
  /** The PATH a step must see after the login profile when the request sets none: the inherited one on the
   * host, the image's in a container. */
  expectedPath: string;
  /** A request whose `prepare` must throw a LoomError; default: `makeRequest` on a workspace that does not
   * exist. */
  makeFailingRequest?(): ExecutionRequest | Promise<ExecutionRequest>;
  /** Runs after the suite (e.g. to close a connection). */
  teardown?(): void | Promise<void>;
}

export type ProviderSuiteFactory<P extends PreparedJob = PreparedJob> = () => ProviderSuiteSubject<P> | Promise<ProviderSuiteSubject<P>>;

export interface ProviderSuiteOptions {
  /** Tags for the suite's `describe` (e.g. `['docker']`). */
  tags?: string[];
  /** Peak RSS of the test process while a step prints 100 MiB; default 150. */
  rssLimitMiB?: number;
  /** How soon an aborted step must resolve, including the kill grace of a child that ignores SIGTERM;
   * default 5000 ms. */
  cancelWithinMs?: number;
  /** Timeout of the heavy tests (100 MiB of output, cancellation); default 120000 ms. */
  slowTimeoutMs?: number;
}
