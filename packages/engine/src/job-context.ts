/** What every phase of one job works with. */
import type { ExecutionRequest, PreparedJob, Provider, ResolvedSecrets, SecretResolver } from '@loom/contracts';
import type { PlannedJob } from '@loom/planner';
import type { ArtifactsRun } from './artifacts-phase.js';
import type { Emit } from './emit.js';
import type { ReportBridge } from './report-bridge.js';

export interface JobContext {
  emit: Emit;
  planned: PlannedJob;
  /** Undefined when the CLI wired no provider of the job's kind: prepare fails with a clear error. */
  provider: Provider | undefined;
  signal: AbortSignal;
  debugTrace: boolean;
  secrets: SecretResolver | undefined;
  maskSecret: ((name: string, value: string) => { code: string; message: string } | undefined) | undefined;
  bridge: ReportBridge;
  /** The run's artifacts: where the record is and what earlier jobs extracted. */
  artifacts?: ArtifactsRun;
}

/** What the phases hand each other; cleanup reads it whatever happened before. */
export interface JobState {
  request: ExecutionRequest;
  prepared?: PreparedJob;
  resolvedSecrets?: ResolvedSecrets;
}

export interface JobOutcome {
  status: 'success' | 'failed';
  exitCode: number;
}

/** An error event's fields from anything thrown: a LoomError keeps its code and hint. */
export function errorFields(error: unknown, fallbackCode: string): { code: string; message: string; hint?: string } {
  if (error instanceof Error) {
    const { code, hint } = error as Error & { code?: unknown; hint?: unknown };
    return {
      code: typeof code === 'string' ? code : fallbackCode,
      message: error.message,
      ...(typeof hint === 'string' ? { hint } : {}),
    };
  }
  return { code: fallbackCode, message: String(error) };
}
