export type {
  ProviderKind,
  WorkspaceMode,
  DockerWorkspaceMode,
  ImageSpec,
  MountSpec,
  ServiceSpec,
  ExecutionRequest,
  PreparedJob,
  StepSpec,
  OutputStream,
  OutputLine,
  StepResult,
  CopyResult,
  PathsDigest,
  CleanupTarget,
  Provider,
} from './provider.js';
export type { SectionName, SectionStatus, ProviderReportEvent, ProviderReport } from './report.js';
export type { Clock } from './clock.js';
export type { SecretRef, SecretFailure, ResolvedSecrets, SecretResolver } from './secrets.js';
