/** The writer beyond the happy fixture: secrets everywhere, bad bytes, cut lines, crashes, mirrors, failures. */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoomError } from '@loom/errors';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '../src/events.js';
import { createMasker, createRunRecordWriter } from '../src/index.js';
import { readEventLines } from '../src/reader/index.js';
import { PIPELINE_ID, RUN_ID, T0, fixtureEvents } from './fixtures/run-fixture.js';
import { filesUnder, validateTree } from './fixtures/validate-tree.js';
import { writeFixture } from './fixtures/write-fixture.js';

const tempDir = useTempDirs('loom-rl-edge-');
const SECRET = 'hunter2-the-secret';
const MARKER = '[REDACTED:SECRET_DEPLOY_TOKEN]';

function allText(dir: string): string {
  return filesUnder(dir)
    .map((rel) => readFileSync(join(dir, rel), 'latin1') + readFileSync(join(dir, rel), 'utf8'))
    .join('\n');
}

/** The fixture with the secret put into every string field of every kind of event. */
function eventsWithSecretEverywhere(): LoomEvent[] {
  const s = SECRET;
  const events = fixtureEvents().map((e): LoomEvent => {
    switch (e.type) {
      case 'run_started':
        return { ...e, loomVersion: `v-${s}`, argv: ['loom', 'run', `--x=${s}`], repoRoot: `/repo/${s}`, workflowPath: `/w/${s}`, graphIr: { deep: [{ v: s }] } };
      case 'snapshot_ready':
        return { ...e, path: `/tmp/${s}`, headSha: s, manifest: { note: s } };
      case 'job_started':
        return { ...e, stage: `st-${s}`, image: `img-${s}`, steps: e.steps.map((c) => `${c} ${s}`) };
      case 'job_skipped':
        return { ...e, stage: `st-${s}`, reason: `because ${s}` };
      case 'step_started':
        return { ...e, command: `${e.command} ${s}` };
      case 'output':
        return { ...e, bytes: Buffer.concat([e.bytes, Buffer.from(` ${s}`)]) };
      case 'section_finished':
        return { ...e, data: { key: s, list: [s] } };
      case 'run_finished':
        return { ...e, error: `boom ${s}` };
      default:
        return e;
    }
  });
  const at = events.findIndex((e) => e.type === 'step_finished' && e.index === 2);
  const ts = T0 + 25;
  const more: LoomEvent[] = [
    { type: 'note', ts, jobId: 'test', index: 2, message: `n ${s}`, data: { d: s } },
    { type: 'warning', ts, jobId: 'test', index: 2, message: `w ${s}`, code: `W_${s}` },
    { type: 'error', ts, jobId: 'test', index: 2, code: `E_${s}`, message: `e ${s}`, hint: `h ${s}` },
    { type: 'error', ts, code: 'RUN', message: `run-level ${s}` },
    { type: 'output', ts, jobId: 'test', index: 2, stream: 'stdout', bytes: Buffer.concat([Buffer.from([0xff]), Buffer.from(s)]) },
  ];
  events.splice(at, 0, ...more);
  const finished = events.find((e) => e.type === 'step_finished' && e.index === 2);
  if (finished?.type === 'step_finished') finished.signal = `SIG${s}`;
  return events;
}

describe('secret masking in the writer', () => {
  it('leaves no secret value in any file, in any field', async () => {
    const masker = createMasker();
    masker.register('DEPLOY_TOKEN', SECRET);
    const root = tempDir();
    const { runtimeDir, logsDir } = await writeFixture(root, { masker, events: eventsWithSecretEverywhere() });
    const text = allText(runtimeDir);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 16));
    expect(text).toContain(MARKER);
    validateTree(logsDir);
    // The raw bytes of the invalid line were masked byte for byte before base64.
    const lines = await readEventLines(join(logsDir, 'jobs/test/user/execution/script/02/events.jsonl'));
    const bad = lines.find((l) => l.event === 'output' && l.line_b64 !== undefined);
    expect(bad?.event === 'output' && Buffer.from(bad.line_b64 as string, 'base64')).toEqual(
      Buffer.concat([Buffer.from([0xff]), Buffer.from(MARKER)]),
    );
  });

  it('catches a secret cut across two pieces of a long line, and counts one line', async () => {
    const masker = createMasker();
    masker.register('DEPLOY_TOKEN', SECRET);
    const events = fixtureEvents();
    const at = events.findIndex((e) => e.type === 'step_finished' && e.index === 2);
    const piece = (text: string, partial: boolean): LoomEvent => ({
      type: 'output', ts: T0 + 25, jobId: 'test', index: 2, stream: 'stdout', bytes: Buffer.from(text), partial,
    });
    events.splice(at, 0, piece('start hunter2-t', true), piece('he-sec', true), piece('ret end', false), piece('tail hunt', true));
    const { runtimeDir, logsDir } = await writeFixture(tempDir(), { masker, events });
    expect(allText(runtimeDir)).not.toContain(SECRET);
    const step = JSON.parse(readFileSync(join(logsDir, 'jobs/test/user/execution/script/02/summary.json'), 'utf8'));
    expect(step.output_lines).toBe(4); // 2 fixture lines, the cut line, the unfinished tail
    const out = (await readEventLines(join(logsDir, 'jobs/test/user/execution/script/02/events.jsonl')))
      .filter((l) => l.event === 'output')
      .map((l) => (l.event === 'output' ? `${l.line}${l.partial ? '…' : ''}` : ''));
    expect(out.slice(2).join('').replaceAll('…', '')).toBe(`start ${MARKER} endtail hunt`);
  });

  it('masks secrets registered while the run is going', async () => {
    const masker = createMasker();
    const events = fixtureEvents().map((e) =>
      e.type === 'output' ? { ...e, bytes: Buffer.from(`${e.bytes.toString()} ${SECRET}`) } : e,
    );
    const root = tempDir();
    const runtimeDir = join(root, 'rt');
    const writer = createRunRecordWriter({ runtimeDir, runId: RUN_ID, masker });
    for (const e of events) {
      if (e.type === 'job_started' && e.jobId === 'test') masker.register('DEPLOY_TOKEN', SECRET);
      writer.emit(e);
    }
    await writer.close();
    const read = (rel: string) => readFileSync(join(writer.logsDir, rel), 'utf8');
    expect(read('jobs/build/user/execution/script/01/events.jsonl')).toContain(SECRET);
    expect(read('jobs/test/user/execution/script/02/events.jsonl')).not.toContain(SECRET);
  });
});

describe('output that is not UTF-8', () => {
  it('stores U+FFFD text plus the raw bytes in base64, and nothing extra for valid UTF-8', async () => {
    const events = fixtureEvents();
    const at = events.findIndex((e) => e.type === 'step_finished' && e.index === 2);
    const raw = Buffer.from([0x68, 0x69, 0xff, 0xfe, 0xc3]);
    events.splice(at, 0,
      { type: 'output', ts: T0 + 25, jobId: 'test', index: 2, stream: 'stderr', bytes: raw },
      { type: 'output', ts: T0 + 25, jobId: 'test', index: 2, stream: 'stderr', bytes: Buffer.from('ok \uFFFD é') },
    );
    const { logsDir } = await writeFixture(tempDir(), { events });
    const lines = (await readEventLines(join(logsDir, 'jobs/test/user/execution/script/02/events.jsonl'))).filter(
      (l) => l.event === 'output',
    );
    expect(lines[2]).toMatchObject({ line: 'hi\uFFFD\uFFFD\uFFFD', line_b64: raw.toString('base64') });
    expect(lines[3]).toMatchObject({ line: 'ok \uFFFD é' });
    expect(lines[3]).not.toHaveProperty('line_b64');
  });
});

describe('runs that end badly', () => {
  it('closes a run the engine never finished: failed job, skipped unstarted jobs, invalid phase report', async () => {
    const events = fixtureEvents().slice(0, 25); // killed inside `test` step 2
    const { logsDir, receiptPath } = await writeFixture(tempDir(), { events });
    validateTree(logsDir);
    const read = (rel: string) => JSON.parse(readFileSync(join(logsDir, rel), 'utf8'));
    expect(JSON.parse(readFileSync(receiptPath, 'utf8'))).toMatchObject({ status: 'failure', exit_code: 1 });
    expect(read('pipeline/manifest.json')).toMatchObject({ failing_job_id: 'test', failing_job_manifest_path: 'jobs/test/manifest.json' });
    expect(read('jobs/test/manifest.json')).toMatchObject({
      status: 'failed',
      failing_section: 'user/execution',
      failing_step_events_path: 'jobs/test/user/execution/script/02/events.jsonl',
    });
    expect(read('jobs/deploy/summary.json')).toMatchObject({ status: 'skipped', reason: 'not run: the pipeline ended before this job started' });
    const report = read('phase-report.json');
    expect(report.valid).toBe(false);
    const missing = report.missing.map((m: Record<string, unknown>) => `${m.phase_code} ${m.job_id ?? ''} ${m.step ?? ''} ${m.problem}`);
    expect(missing).toEqual(expect.arrayContaining([
      'run.pipeline_execute   not_finished',
      'pipeline.execute   not_finished',
      'job.execution test  not_finished',
      'step.execute test 2 not_finished',
      'job.cleanup test  never_started',
    ]));
    expect(report.skipped_jobs).toEqual(['deploy']);
  });

  it('points at the failing system section when the job failed before its script', async () => {
    const ts = T0;
    const events: LoomEvent[] = [
      ...fixtureEvents().slice(0, 3),
      { type: 'job_started', ts, jobId: 'build', stage: 'build', provider: 'host', steps: ['make'] },
      { type: 'section_started', ts, jobId: 'build', section: 'provider' },
      { type: 'error', ts, jobId: 'build', code: 'SECRETS_ENV_MISSING', message: 'env var TOKEN is not set', hint: 'export it' },
      { type: 'section_finished', ts, jobId: 'build', section: 'provider', status: 'failed' },
      { type: 'execution_started', ts, jobId: 'build' },
      { type: 'execution_finished', ts, jobId: 'build', status: 'skipped', exitCode: 1 },
      { type: 'section_started', ts, jobId: 'build', section: 'cleanup' },
      { type: 'section_finished', ts, jobId: 'build', section: 'cleanup', status: 'success' },
      { type: 'job_finished', ts, jobId: 'build', status: 'failed', exitCode: 1 },
      { type: 'job_skipped', ts, jobId: 'test', stage: 'test', provider: 'docker', reason: 'an earlier stage failed' },
      { type: 'job_skipped', ts, jobId: 'deploy', stage: 'deploy', provider: 'host', reason: 'an earlier stage failed' },
      { type: 'pipeline_finished', ts, status: 'failure', exitCode: 1 },
      { type: 'run_finished', ts, status: 'failure', exitCode: 1 },
    ];
    const { logsDir } = await writeFixture(tempDir(), { events });
    const read = (rel: string) => JSON.parse(readFileSync(join(logsDir, rel), 'utf8'));
    expect(read('jobs/build/manifest.json')).toMatchObject({
      failing_section: 'provider',
      failing_step_events_path: null,
      steps: [{ index: 1, status: 'skipped', summary_path: null, events_path: null }],
    });
    // The error named only the job; it belongs to the section that was open.
    expect(read('jobs/build/system/provider/summary.json').errors).toEqual([
      { code: 'SECRETS_ENV_MISSING', message: 'env var TOKEN is not set', hint: 'export it' },
    ]);
    expect(read('phase-report.json')).toMatchObject({ valid: true, skipped_jobs: ['test', 'deploy'] });
    expect(existsSync(join(logsDir, 'jobs/build/user/execution/script'))).toBe(false);
  });

  it('rejects close() with a LoomError when it cannot write, and never throws from emit', async () => {
    const root = tempDir();
    writeFileSync(join(root, 'blocker'), '');
    const writer = createRunRecordWriter({ runtimeDir: join(root, 'blocker', 'rt'), runId: RUN_ID });
    for (const e of fixtureEvents()) expect(() => writer.emit(e)).not.toThrow();
    const error = await writer.close().catch((e: unknown) => e);
    expect(isLoomError(error) && error.code).toBe('RUNTIME_LOGS_WRITE_FAILED');
  });

  it('refuses a run id that is not loom-run-local-<ns>', () => {
    expect(() => createRunRecordWriter({ runtimeDir: tempDir(), runId: 'run-1' })).toThrow(/loom-run-local-<unix-ns>/);
  });
});

describe('concurrent jobs', () => {
  it('keeps interleaved jobs apart: same manifests as a sequential run', async () => {
    const events = fixtureEvents();
    const byJob = (id: string) => events.filter((e) => 'jobId' in e && e.jobId === id && e.type !== 'job_skipped');
    const [build, test] = [byJob('build'), byJob('test')];
    const interleaved: LoomEvent[] = [...events.slice(0, 3)];
    for (let i = 0; i < Math.max(build.length, test.length); i++) interleaved.push(...[build[i], test[i]].filter((e): e is LoomEvent => !!e));
    interleaved.push(...events.slice(31));
    const sequential = await writeFixture(tempDir());
    const concurrent = await writeFixture(tempDir(), { events: interleaved });
    for (const rel of ['pipeline/manifest.json', 'jobs/test/manifest.json', 'jobs/build/manifest.json']) {
      const read = (dir: string) => JSON.parse(readFileSync(join(dir, rel), 'utf8'));
      expect(read(concurrent.logsDir), rel).toEqual(read(sequential.logsDir));
    }
    validateTree(concurrent.logsDir);
    const step = await readEventLines(join(concurrent.logsDir, 'jobs/build/user/execution/script/01/events.jsonl'));
    expect(step.every((l) => l.job_id === 'build' && l.step === 1)).toBe(true);
  });
});

describe('writer mechanics', () => {
  it('copies logs and a self-consistent receipt into mirror dirs', async () => {
    const root = tempDir();
    const mirror = join(root, 'snapshot', '.loom', '.runtime');
    const { logsDir } = await writeFixture(root, { mirrorDirs: [mirror] });
    const mirrored = join(mirror, 'logs', RUN_ID);
    expect(filesUnder(mirrored)).toEqual(filesUnder(logsDir));
    const receipt = JSON.parse(readFileSync(join(mirror, 'receipts', `${RUN_ID}.json`), 'utf8'));
    expect(receipt.logs_dir).toBe(mirrored);
    expect(receipt.phase_report_path).toBe(join(mirrored, 'phase-report.json'));
    expect(readdirSync(join(mirror, '.tmp'))).toEqual([]);
  });

  it('widens step folders to three digits only past 99', async () => {
    const ts = T0;
    const commands = Array.from({ length: 101 }, (_, i) => `echo ${i + 1}`);
    const events: LoomEvent[] = [
      ...fixtureEvents().slice(0, 3),
      { type: 'job_started', ts, jobId: 'build', stage: 'build', provider: 'host', steps: commands },
      ...commands.flatMap((command, i): LoomEvent[] => [
        { type: 'step_started', ts, jobId: 'build', index: i + 1, command },
        { type: 'step_finished', ts, jobId: 'build', index: i + 1, status: 'success', exitCode: 0 },
      ]),
    ];
    const { logsDir } = await writeFixture(tempDir(), { events });
    const dirs = readdirSync(join(logsDir, 'jobs/build/user/execution/script')).sort();
    expect(dirs.slice(0, 2)).toEqual(['01', '02']);
    expect(dirs.filter((d) => d.length === 3)).toEqual(['100', '101']);
    expect(dirs).toHaveLength(101);
  });

  it('gets output onto disk before close, on the flush interval', async () => {
    const root = tempDir();
    const writer = createRunRecordWriter({ runtimeDir: root, runId: RUN_ID, flushIntervalMs: 10 });
    const events = fixtureEvents();
    for (const e of events.slice(0, 9)) writer.emit(e);
    const step = join(writer.logsDir, 'jobs/build/user/execution/script/01/events.jsonl');
    expect(readFileSync(step, 'utf8').split('\n')).toHaveLength(2); // phase_start only, output buffered
    await new Promise((r) => setTimeout(r, 60));
    expect(readFileSync(step, 'utf8')).toContain('"line":"compiling"');
    for (const e of events.slice(9)) writer.emit(e);
    const closing = writer.close();
    expect(writer.close()).toBe(closing);
    await closing;
    writer.emit(events[0] as LoomEvent); // ignored after close
    expect(statSync(writer.receiptPath).isFile()).toBe(true);
    expect(PIPELINE_ID).toMatch(/^loom-local-/);
  });
});
