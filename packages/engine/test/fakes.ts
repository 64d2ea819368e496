/**
 * Test doubles for the engine's ports: a recording EventSink, a scriptable fake Provider, a fixed snapshot and
 * a workflow builder that goes through the real planner. The fake provider understands tiny commands:
 * `ok`, `exit N`, `echo TEXT`, `sleep MS` (abortable: resolves 143/SIGTERM), `env NAME` (prints the value).
 */
import type { CleanupTarget, ExecutionRequest, OutputLine, PreparedJob, Provider, ProviderReport } from '@loom/contracts';
import type { Job, Workflow } from '@loom/schema';
import { planWorkflow, type Plan } from '@loom/planner';
import type { EventSink, LoomEvent } from '@loom/runtime-logs';
import type { RunPipelineOptions } from '../src/index.js';

export function recordingSink(): EventSink & { events: LoomEvent[]; closed: boolean } {
  const sink = {
    events: [] as LoomEvent[],
    closed: false,
    emit(event: LoomEvent) {
      sink.events.push(event);
    },
    async close() {
      sink.closed = true;
    },
  };
  return sink;
}

export interface FakeCall {
  op: 'prepare' | 'runStep' | 'cleanup';
  jobId: string;
  at: number;
  command?: string;
  prepared?: boolean;
}

export interface FakeProviderOptions {
  kind?: 'host' | 'docker';
  /** Make `prepare` throw for these jobs. */
  failPrepare?: Set<string>;
  /** Called during prepare with the report, to emit provider sections. */
  onPrepare?: (request: ExecutionRequest, report: ProviderReport) => void;
}

export function fakeProvider(options: FakeProviderOptions = {}) {
  const calls: FakeCall[] = [];
  const requests = new Map<string, ExecutionRequest>();
  let active = 0;
  let maxActive = 0;
  const provider: Provider = {
    kind: options.kind ?? 'host',
    async prepare(request, report) {
      calls.push({ op: 'prepare', jobId: request.jobId, at: Date.now() });
      requests.set(request.jobId, request);
      options.onPrepare?.(request, report);
      if (options.failPrepare?.has(request.jobId)) throw Object.assign(new Error('image not found: nope:1'), { name: 'LoomError', code: 'DOCKER_IMAGE_NOT_FOUND', hint: 'build it' });
      return { jobId: request.jobId, runId: request.runId, workdir: request.workspace.hostPath } satisfies PreparedJob;
    },
    async runStep(prepared, step, onOutput, signal) {
      calls.push({ op: 'runStep', jobId: prepared.jobId, at: Date.now(), command: step.command });
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        return await fakeCommand(step.command, requests.get(prepared.jobId)?.env ?? {}, onOutput, signal);
      } finally {
        active -= 1;
      }
    },
    async copyIn() {
      return { copied: [], missing: [] };
    },
    async copyOut() {
      return { copied: [], missing: [] };
    },
    async cleanup(target: CleanupTarget) {
      calls.push({ op: 'cleanup', jobId: target.request.jobId, at: Date.now(), prepared: target.prepared !== undefined });
    },
  };
  return { provider, calls, requests, maxActive: () => maxActive };
}

const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): OutputLine => ({ stream, timestamp: Date.now(), bytes: Buffer.from(text) });

async function fakeCommand(command: string, env: Record<string, string>, onOutput: (l: OutputLine) => void, signal: AbortSignal) {
  const [verb, ...rest] = command.split(' ');
  const arg = rest.join(' ');
  switch (verb) {
    case 'exit':
      onOutput(line(`exiting ${arg}`, 'stderr'));
      return { exitCode: Number(arg) };
    case 'echo':
      onOutput(line(arg));
      return { exitCode: 0 };
    case 'env':
      onOutput(line(env[arg] ?? '<unset>'));
      return { exitCode: 0 };
    case 'sleep':
      return new Promise<{ exitCode: number; signal?: string }>((resolve) => {
        if (signal.aborted) return resolve({ exitCode: 143, signal: 'SIGTERM' });
        const timer = setTimeout(() => resolve({ exitCode: 0 }), Number(arg));
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve({ exitCode: 143, signal: 'SIGTERM' });
        }, { once: true });
      });
    default:
      return { exitCode: 0 };
  }
}

type JobSpec = Partial<Omit<Job, 'name'>> & { stage: string };

/** A normalised workflow (as `@loom/schema` would give it) run through the real planner. */
export function planOf(stages: string[], jobs: Record<string, JobSpec>, variables: Record<string, string> = {}): Plan {
  const workflow: Workflow = {
    version: 'v1',
    file: '.loom/workflow.yml',
    stages,
    variables,
    rules: [],
    jobs: Object.fromEntries(
      Object.entries(jobs).map(([name, spec], i) => [
        name,
        {
          name,
          target: 'linux',
          script: ['ok'],
          variables: { ...variables },
          secrets: {},
          services: [],
          cache: [],
          extends: [],
          source: { file: '.loom/workflow.yml', line: i + 1, column: 1 },
          ...spec,
        } satisfies Job,
      ]),
    ),
    templates: [],
    includes: [],
  };
  const planned = planWorkflow(workflow);
  if (!planned.ok) throw new Error(planned.issues.map((i) => i.message).join('; '));
  return planned.plan;
}

export const RUN_ID = 'loom-run-local-1772865600000000000';
export const SHA = '0123456789abcdef0123456789abcdef01234567';

/** Options with a fixed snapshot and a real clock; override what a test needs. */
export function baseOptions(sink: EventSink, providers: RunPipelineOptions['providers'], extra: Partial<RunPipelineOptions> = {}): RunPipelineOptions {
  return {
    providers,
    sink,
    snapshot: { repoRoot: '/repo/demo', make: async () => ({ path: `/tmp/${RUN_ID}-1`, headSha: SHA, manifest: { files: 3 } }) },
    clock: { now: () => Date.now(), nowNs: () => BigInt(Date.now()) * 1_000_000n },
    run: { runId: RUN_ID, pipelineId: 'loom-local-1772865600000000000', argv: ['loom', 'run', '--local'], workflowPath: '/repo/demo/.loom/workflow.yml', loomVersion: '0.1.0' },
    concurrency: 4,
    hostEnv: { HOME: '/home/u', PATH: '/usr/bin:/bin' },
    ...extra,
  };
}

/** The events of one job (plus its lifecycle), as `type[:detail]` strings, for order assertions. */
export function trail(events: LoomEvent[], jobId: string): string[] {
  return events
    .filter((e) => 'jobId' in e && e.jobId === jobId)
    .map((e) => {
      if (e.type === 'section_started' || e.type === 'section_finished') return `${e.type}:${e.section}`;
      if (e.type === 'step_started' || e.type === 'step_finished') return `${e.type}:${e.index}`;
      if (e.type === 'error' || e.type === 'warning') return `${e.type}:${e.code ?? ''}`;
      return e.type;
    });
}
