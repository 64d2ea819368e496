/** The engine's public shapes: what `runPipeline` takes and what it returns. */
import type { Clock, Provider, ProviderKind, SecretResolver, DockerWorkspaceMode } from '@loom/contracts';
import type { EventSink } from '@loom/runtime-logs';

/** Who this run is; the ids are made by the caller so the record's folder can exist before the engine runs. */
export interface RunIdentity {
  /** `loom-run-local-<unix-ns>`. */
  runId: string;
  /** `loom-local-<unix-ns>`. */
  pipelineId: string;
  /** The exact invocation, recorded in the receipt. */
  argv: string[];
  /** Absolute path of the workflow file. */
  workflowPath: string;
  loomVersion: string;
}

/** What the isolated workspace step hands back (a subset of `@loom/snapshot`'s result). */
export interface SnapshotInfo {
  /** Absolute path of the isolated workspace. */
  path: string;
  /** The commit checked out in it. */
  headSha: string;
  /** Counts, skipped entries, bytes, duration: recorded with `snapshot_ready`. */
  manifest?: Record<string, unknown>;
}

export interface SnapshotRequest {
  repoRoot: string;
  runId: string;
  tmpdir?: string;
  onWarning: (warning: SnapshotWarningInfo) => void;
}

/** A snapshot warning, recorded as a run-level `warning` event. */
export interface SnapshotWarningInfo {
  message: string;
  /** e.g. `SNAPSHOT_SPECIAL_FILES_SKIPPED`. */
  code?: string;
}

export type MakeSnapshot = (request: SnapshotRequest) => Promise<SnapshotInfo>;

export interface SnapshotOptions {
  /** The source repository. */
  repoRoot: string;
  /** Where the workspace goes (default: the OS temp dir, `TMPDIR` honoured). */
  tmpdir?: string;
  /** How the workspace is made. Default: `@loom/snapshot` `createSnapshot` (imported on first use). */
  make?: MakeSnapshot;
}

/**
 * Put on `AbortController.abort(reason)` to say why a run was cancelled and which exit code it ends with
 * (the CLI maps signals to 130/143; the engine only carries the number). Any other reason ends with 1.
 */
export interface CancelReason {
  /** Run-level error text, e.g. `cancelled by SIGINT`. */
  message: string;
  exitCode: number;
}

// One definition, in @loom/contracts; re-exported because EngineOptions names it.
export type { DockerWorkspaceMode } from '@loom/contracts';

export interface RunPipelineOptions {
  /** One provider per kind the plan uses; a job whose provider is missing fails in `provider` prepare. */
  providers: Partial<Record<ProviderKind, Provider>>;
  /** Receives every event; the engine never closes it (its owner does, after `runPipeline` resolves). */
  sink: EventSink;
  snapshot: SnapshotOptions;
  clock: Clock;
  run: RunIdentity;
  /** Jobs past their prepare at once (default: the number of CPUs; see slots.ts). */
  concurrency?: number;
  /** Aborting cancels the run: running steps are killed, nothing new starts, cleanup still runs. */
  signal?: AbortSignal;
  /** How Docker jobs see the workspace (default `ephemeral_volume`). */
  dockerWorkspaceMode?: DockerWorkspaceMode;
  /** `LOOM_DEBUG_TRACE`: steps run under `sh -x -c`. */
  debugTrace?: boolean;
  /** Resolves a job's `secrets`. Without it a job that declares secrets fails closed in `provider`. */
  secrets?: SecretResolver;
  /** Registers each resolved secret value with the sink's masker before anything can print it. */
  maskSecret?: (name: string, value: string) => { code: string; message: string } | undefined;
  /** The run's logs directory (`.loom/.runtime/logs/<run_id>`): artifacts are extracted under `jobs/<id>/` there.
   * Without it a job with `artifacts:` warns that nothing was extracted. */
  logsDir?: string;
  /** The cache store (`<repo>/.loom/.runtime/cache` by default, chosen by the caller). Without it, or with
   * `enabled: false` (the first pass of `--cache-diff`), jobs run uncached. */
  cache?: {
    storeDir: string;
    enabled?: boolean;
    /** `--cache-diff`: after execution, record each entry's path digest in a job note (`data.cache_digests`). */
    measure?: boolean;
  };
  /** The environment host jobs inherit (variable expansion sees it). Default `process.env`. */
  hostEnv?: Record<string, string | undefined>;
}

export type RunStatus = 'success' | 'failure';

export interface RunResult {
  status: RunStatus;
  /** 0, 1, or the cancel reason's code. */
  exitCode: number;
  snapshotPath?: string;
  headSha?: string;
  /** Run-level error (snapshot failed, cancelled); job failures are in the record, not here. */
  error?: string;
}
