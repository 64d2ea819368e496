/**
 * The Provider port: how the engine runs one job somewhere (the host shell, a container). Execution terms
 * only: a provider never learns about stages, needs, cache specs or secret references.
 */
import type { ProviderReport } from './report.js';

export type ProviderKind = 'host' | 'docker';
export type WorkspaceMode = 'host' | 'bind_mount' | 'ephemeral_volume';
/** How a Docker job's `/workspace` is provided: the workspace modes other than `host`. */
export type DockerWorkspaceMode = Exclude<WorkspaceMode, 'host'>;

export interface ImageSpec {
  /** Image reference to run (and the tag to give a built image). */
  name: string;
  /** Build the image first; both paths are relative to the workspace root. */
  build?: { context: string; dockerfile: string };
}

export interface MountSpec {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ServiceSpec {
  image: string;
  /** Host name the job reaches the service by. */
  alias: string;
  env: Record<string, string>;
  entrypoint?: string[];
  command?: string[];
}

export interface ExecutionRequest {
  runId: string;
  jobId: string;
  image?: ImageSpec;
  /** `hostPath` is the isolated workspace on this machine; `mode` says how the job sees it. */
  workspace: { hostPath: string; mode: WorkspaceMode };
  /** Loom's and the workflow's variables, already expanded (plus direct secrets). The host provider lays
   * them over its own environment; the Docker provider passes only these. */
  env: Record<string, string>;
  mounts: MountSpec[];
  services: ServiceSpec[];
}

/** What `prepare` hands back; providers extend it with their own handles. */
export interface PreparedJob {
  readonly jobId: string;
  readonly runId: string;
  /** The working directory steps run in, as the job sees it (a host path, or `/workspace`). */
  readonly workdir: string;
}

export interface StepSpec {
  /** 1-based position in `script`. */
  index: number;
  command: string;
  /** `LOOM_DEBUG_TRACE`: run `sh -x -c` instead of `sh -lc`. */
  debugTrace: boolean;
}

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine {
  stream: OutputStream;
  /** Epoch milliseconds when the line was read. */
  timestamp: number;
  /** The line's raw bytes without its newline; they need not be valid UTF-8. */
  bytes: Buffer;
}

export interface StepResult {
  exitCode: number;
  /** Set when the step ended by a signal (its exit code is then 128 + the signal number). */
  signal?: string;
}

export interface CopyResult {
  /** Workspace-relative paths that existed and were copied. */
  copied: string[];
  /** Workspace-relative paths that did not exist. */
  missing: string[];
}

export interface PathsDigest {
  /** Hex sha256, or `none` when no path exists. */
  digest: string;
  /** The paths that do not exist. */
  missing: string[];
}

/** `cleanup` gets the request always, and the prepared job when `prepare` got that far. */
export interface CleanupTarget {
  request: ExecutionRequest;
  prepared?: PreparedJob;
}

export interface Provider<P extends PreparedJob = PreparedJob> {
  readonly kind: ProviderKind;
  /** Set the job up (image, services, workspace). Throws a LoomError when it cannot; report carries the
   * `provider`, `services` and `image_build` sections' events and output. Aborting `signal` (the run was
   * cancelled) stops a pull or build in progress and makes prepare fail soon. */
  prepare(request: ExecutionRequest, report: ProviderReport, signal?: AbortSignal): Promise<P>;
  /** Run one step to its end; output arrives line by line, in order per stream. Aborting `signal` kills the
   * step's whole process tree (SIGTERM, then SIGKILL) and resolves with the exit code it died with. */
  runStep(prepared: P, step: StepSpec, onOutput: (line: OutputLine) => void, signal: AbortSignal): Promise<StepResult>;
  /** Copy workspace-relative `paths` from `hostDir` into the job's workspace. */
  copyIn(prepared: P, paths: string[], hostDir: string): Promise<CopyResult>;
  /** Copy workspace-relative `paths` out of the job's workspace into `hostDir` (same relative layout). */
  copyOut(prepared: P, paths: string[], hostDir: string): Promise<CopyResult>;
  /** Optional, for a workspace that is not a directory on this machine (a Docker volume): extract an
   * uncompressed tar stream at the workspace root in one transfer, no staging directory. Entries take the
   * owner the job's user can use. The cache restores through it. */
  copyInArchive?(prepared: P, tar: NodeJS.ReadableStream): Promise<void>;
  /** Optional, the other way: one workspace-relative `path` as a tar stream whose top entry is the path's
   * last segment, or undefined when the path does not exist. The caller must consume or destroy it. */
  copyOutArchive?(prepared: P, path: string): Promise<NodeJS.ReadableStream | undefined>;
  /** Optional, for the cache's unchanged check on such a workspace: a digest of `paths` (names, types,
   * modes, sizes, link targets, bytes; not owners or times) computed where they are, with the paths that do
   * not exist; undefined when it cannot be computed there. Comparable only with digests from the same
   * provider and image. */
  digestPaths?(prepared: P, paths: string[]): Promise<PathsDigest | undefined>;
  /** Remove everything the job created. Always called, also after a failed `prepare`; idempotent. */
  cleanup(target: CleanupTarget, report: ProviderReport): Promise<void>;
  /** Loom is exiting at once (a second Ctrl-C): end every job's processes and remove what can be removed
   * within `deadlineMs`, without waiting any longer. Optional; best effort, never throws. */
  abandon?(deadlineMs: number): Promise<void>;
  /** Optional: resolves once what cleanups left to finish by itself has finished (a container the daemon is
   * removing), with a line for each thing that could not be removed. A CLI waits for it, bounded, before it
   * exits; the job's records do not. */
  settled?(): Promise<string[]>;
}
