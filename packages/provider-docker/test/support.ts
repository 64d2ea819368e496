import { randomBytes } from 'node:crypto';
import type { ExecutionRequest, OutputLine, Provider, PreparedJob, ProviderReportEvent, StepResult } from '@loom/contracts';
import Docker from 'dockerode';
import { createDockerProvider, type DockerProviderOptions } from '../src/index.js';

/**
 * Every object the tests create carries this label; global-setup.ts fails the run if one is left. The run id
 * (set by global-setup.ts) keeps a second test run on the same daemon — e.g. the Stage 0 gate's check-docker
 * while CI runs — from counting this run's live objects as its leftovers.
 */
export const testLabel = { 'loom.test': `provider-docker.${process.env.LOOM_PROVIDER_DOCKER_TEST_RUN ?? 'standalone'}` };

export const images = {
  busybox: 'loom-local/busybox:latest',
  debian: 'loom-local/debian:bookworm',
  postgres: 'loom-local/postgres:15',
};

export const docker = new Docker();

async function reachable(): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/** For `describeWithRequirement`: under CI=true an unreachable daemon fails the tests instead of skipping. */
export const dockerRequirement = { available: await reachable(), what: 'a reachable Docker engine' };

export function testProvider(options: DockerProviderOptions = {}): ReturnType<typeof createDockerProvider> {
  return createDockerProvider({ labels: testLabel, killGraceMs: 1000, ...options });
}

export function uniqueRunId(): string {
  return `test-run-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

export function jobRequest(workspace: string, overrides: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    runId: uniqueRunId(),
    jobId: 'job',
    image: { name: images.busybox },
    workspace: { hostPath: workspace, mode: 'ephemeral_volume' },
    env: {},
    mounts: [],
    services: [],
    ...overrides,
  };
}

export function collectReport(): { events: ProviderReportEvent[]; report: (e: ProviderReportEvent) => void; text: () => string } {
  const events: ProviderReportEvent[] = [];
  const text = (): string =>
    events.map((e) => ('message' in e ? e.message : e.type === 'output' ? e.line.bytes.toString() : `${e.type} ${e.section}`)).join('\n');
  return { events, report: (e) => void events.push(e), text };
}

export interface StepRun {
  result: StepResult;
  lines: OutputLine[];
  stdout: string;
  stderr: string;
}

export async function step<P extends PreparedJob>(provider: Provider<P>, prepared: P, command: string, signal = new AbortController().signal, debugTrace = false): Promise<StepRun> {
  const lines: OutputLine[] = [];
  const result = await provider.runStep(prepared, { index: 1, command, debugTrace }, (l) => lines.push(l), signal);
  const join = (s: string): string => lines.filter((l) => l.stream === s).map((l) => l.bytes.toString()).join('\n');
  return { result, lines, stdout: join('stdout'), stderr: join('stderr') };
}

/** Removes a container and waits until it is gone — also one already removing itself (its step server's
 * connection closed, `AutoRemove`), which a forced removal only answers with 409. */
export async function removeContainer(id: string): Promise<void> {
  const container = docker.getContainer(id);
  await container.remove({ force: true, v: true }).catch(() => undefined);
  const wait = container.wait as (options: { condition: string }) => Promise<unknown>;
  await wait.call(container, { condition: 'removed' }).catch(() => undefined); // 404: gone already
}

/** Every container, network and volume carrying a run's label (what cleanup must have removed). */
export async function objectsOfRun(runId: string): Promise<string[]> {
  const filters = { label: [`loom.run_id=${runId}`] };
  const [c, n, v] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters }), docker.listVolumes({ filters })]);
  return [...c.map((x) => `container ${x.Names[0]}`), ...n.map((x) => `network ${x.Name}`), ...(v.Volumes ?? []).map((x) => `volume ${x.Name}`)];
}
