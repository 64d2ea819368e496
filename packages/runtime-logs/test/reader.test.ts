/** `@loom/runtime-logs/reader` on trees written by the writer, and on broken ones. */
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoomError } from '@loom/errors';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '../src/events.js';
import { writeCheckReceipt } from '../src/index.js';
import { findFailure, readEventLines, readReceipt, tailOutputLines } from '../src/reader/index.js';
import { T0, fixtureEvents } from './fixtures/run-fixture.js';
import { writeFixture } from './fixtures/write-fixture.js';

const tempDir = useTempDirs('loom-rl-reader-');

async function loomErrorOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!isLoomError(error)) throw new Error(`expected a LoomError, got ${String(error)}`);
  return error;
}

describe('findFailure', () => {
  it('walks receipt → pipeline manifest → job manifest → the failing step', async () => {
    const { receiptPath, logsDir } = await writeFixture(tempDir());
    const expected = {
      jobId: 'test',
      section: 'user/execution',
      stepIndex: 2,
      command: 'npm test',
      exitCode: 1,
      eventsPath: join(logsDir, 'jobs/test/user/execution/script/02/events.jsonl'),
      lastLines: ['FAIL src/a.test.ts', 'AssertionError: expected 1 to be 2'],
      errors: [],
    };
    expect(await findFailure(receiptPath)).toEqual(expected);
    expect(await findFailure(logsDir)).toEqual(expected);
    expect((await findFailure(receiptPath, { lastLines: 1 }))?.lastLines).toEqual(['AssertionError: expected 1 to be 2']);
  });

  it('returns undefined for a passing run', async () => {
    const events = fixtureEvents().filter((e) => !('jobId' in e) || e.jobId === 'build');
    const end = events.slice(-2);
    for (const e of end) if (e.type === 'pipeline_finished' || e.type === 'run_finished') Object.assign(e, { status: 'success', exitCode: 0 });
    const { receiptPath } = await writeFixture(tempDir(), { events });
    expect(JSON.parse(readFileSync(receiptPath, 'utf8')).status).toBe('success');
    expect(await findFailure(receiptPath)).toBeUndefined();
  });

  it('points at the failing system section with its errors', async () => {
    const ts = T0;
    const events: LoomEvent[] = [
      ...fixtureEvents().slice(0, 3),
      { type: 'job_started', ts, jobId: 'build', stage: 'build', provider: 'host', steps: ['make'] },
      { type: 'section_started', ts, jobId: 'build', section: 'provider' },
      { type: 'output', ts, jobId: 'build', section: 'provider', stream: 'stderr', bytes: Buffer.from('resolving secrets') },
      { type: 'error', ts, jobId: 'build', section: 'provider', code: 'SECRETS_ENV_MISSING', message: 'TOKEN is not set' },
      { type: 'section_finished', ts, jobId: 'build', section: 'provider', status: 'failed' },
      { type: 'job_finished', ts, jobId: 'build', status: 'failed', exitCode: 1 },
      { type: 'pipeline_finished', ts, status: 'failure', exitCode: 1 },
      { type: 'run_finished', ts, status: 'failure', exitCode: 1 },
    ];
    const { receiptPath, logsDir } = await writeFixture(tempDir(), { events });
    expect(await findFailure(receiptPath)).toEqual({
      jobId: 'build',
      section: 'provider',
      exitCode: 1,
      eventsPath: join(logsDir, 'jobs/build/system/provider/events.jsonl'),
      lastLines: ['resolving secrets'],
      errors: [{ code: 'SECRETS_ENV_MISSING', message: 'TOKEN is not set' }],
    });
  });

  it('reports a run that failed before its pipeline at run level', async () => {
    const ts = T0;
    const events: LoomEvent[] = [
      ...fixtureEvents().slice(0, 1),
      { type: 'error', ts, code: 'SNAPSHOT_FAILED', message: 'git failed' },
      { type: 'run_finished', ts, status: 'failure', exitCode: 1, error: 'could not build the isolated workspace' },
    ];
    const { receiptPath, logsDir } = await writeFixture(tempDir(), { events });
    expect(await findFailure(receiptPath)).toEqual({
      section: 'run',
      eventsPath: join(logsDir, 'events.jsonl'),
      lastLines: [],
      errors: [
        { code: 'SNAPSHOT_FAILED', message: 'git failed' },
        { code: 'RUN_ERROR', message: 'could not build the isolated workspace' },
      ],
    });
  });

  it('says which file is missing or invalid, with a hint', async () => {
    const dir = tempDir();
    const missing = await loomErrorOf(findFailure(join(dir, 'nope.json')));
    expect(missing.code).toBe('RUNTIME_LOGS_NOT_FOUND');
    expect(missing.hint).toMatch(/receipt/);

    writeFileSync(join(dir, 'bad.json'), '{"schema_version":');
    expect((await loomErrorOf(readReceipt(join(dir, 'bad.json')))).code).toBe('RUNTIME_LOGS_INVALID');

    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ schema_version: 'v1', kind: 'loom-run-local' }));
    const wrong = await loomErrorOf(readReceipt(join(dir, 'wrong.json')));
    expect(wrong.code).toBe('RUNTIME_LOGS_INVALID');
    expect(wrong.message).toContain('wrong.json');

    const { receiptPath, logsDir } = await writeFixture(tempDir());
    rmSync(join(logsDir, 'jobs/test/manifest.json'));
    const gone = await loomErrorOf(findFailure(receiptPath));
    expect(gone.message).toContain('jobs/test/manifest.json');
  });

  it('refuses a check receipt, which has no run record', async () => {
    const path = await writeCheckReceipt({
      repoRoot: tempDir(), loomVersion: '0.1.0', command: ['loom', 'check'], workflowPath: '.loom/workflow.yml',
      errors: [], exitCode: 0, now: new Date(T0), pid: 1,
    });
    expect((await readReceipt(path)).kind).toBe('loom-check');
    expect((await loomErrorOf(findFailure(path))).code).toBe('RUNTIME_LOGS_NOT_A_RUN');
  });
});

describe('event line readers', () => {
  const line = (n: number, extra = '', text = `é line ${n} ${'x'.repeat(n % 300)}`) =>
    `{"schema_version":"loom.runtime.logs.v2","ts":"2026-03-07T06:40:00.000Z","seq":${n},"run_id":"loom-run-local-1","pipeline_id":null,"scope":"step","job_id":"a","step":1,"section":null,"phase_code":"step.execute","phase_family":"execution","event":"output","stream":"stdout","line":${JSON.stringify(text)}${extra}}\n`;

  it('tails the last output lines across chunk boundaries, ignoring an unfinished last line', async () => {
    const file = join(tempDir(), 'events.jsonl');
    mkdirSync(join(file, '..'), { recursive: true });
    for (let n = 1; n <= 2000; n++) appendFileSync(file, line(n));
    appendFileSync(file, '{"schema_version":"loom.runtime.logs.v2","ts":"2026-03-07T06:4'); // torn by a kill
    const tail = await tailOutputLines(file, 3);
    expect(tail.map((t) => t.split(' ').slice(0, 3).join(' '))).toEqual(['é line 1998', 'é line 1999', 'é line 2000']);
    const all = await tailOutputLines(file, 5000);
    expect(all).toHaveLength(2000);
    expect(all[0]).toBe('é line 1 x');
    expect(await readEventLines(file)).toHaveLength(2000);
  });

  it('joins the pieces of a cut line', async () => {
    const file = join(tempDir(), 'events.jsonl');
    writeFileSync(file, line(1) + line(2, ',"partial":true', 'first piece, ') + line(3, ',"partial":true', 'second, ') + line(4, '', 'end') + line(5, '', 'next'));
    expect(await tailOutputLines(file, 2)).toEqual(['first piece, second, end', 'next']);
    expect(await tailOutputLines(file, 3)).toEqual(['é line 1 x', 'first piece, second, end', 'next']);
  });

  it('rejects a line that breaks the contract, naming the line', async () => {
    const file = join(tempDir(), 'events.jsonl');
    writeFileSync(file, `${line(1)}{"event":"output"}\n`);
    const error = await loomErrorOf(readEventLines(file));
    expect(error.location).toEqual({ file, line: 2 });
  });
});
