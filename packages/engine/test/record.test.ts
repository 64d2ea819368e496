/** The engine's events through the real run-record writer: the phase report must find nothing missing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunRecordWriter } from '@loom/runtime-logs';
import { findFailure } from '@loom/runtime-logs/reader';
import { useTempDirs } from '@loom/test-kit';
import { runPipeline } from '../src/index.js';
import { baseOptions, fakeProvider, planOf, RUN_ID } from './fakes.js';

const tempDir = useTempDirs('loom-engine-');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

async function recorded(plan: ReturnType<typeof planOf>, extra: Parameters<typeof baseOptions>[2] = {}, providerOptions: Parameters<typeof fakeProvider>[0] = {}) {
  const runtimeDir = join(tempDir(), '.loom', '.runtime');
  const sink = createRunRecordWriter({ runtimeDir, runId: RUN_ID, flushIntervalMs: 5 });
  const result = await runPipeline(plan, baseOptions(sink, { host: fakeProvider(providerOptions).provider }, extra));
  await sink.close();
  return { result, receipt: readJson(sink.receiptPath), logsDir: sink.logsDir, receiptPath: sink.receiptPath };
}

describe('engine → run record', () => {
  it('a failing pipeline: valid phase report, and the ladder leads to the failing step', async () => {
    const plan = planOf(['build', 'test'], {
      build: { stage: 'build', script: ['echo compiled'] },
      test: { stage: 'test', script: ['echo start', 'exit 4', 'ok'] },
      other: { stage: 'test', script: ['ok'] },
    });
    const { receipt, logsDir, receiptPath } = await recorded(plan);
    expect(receipt).toMatchObject({ status: 'failure', exit_code: 1, snapshot_head_sha: expect.any(String) });
    expect(readJson(join(logsDir, 'phase-report.json'))).toMatchObject({ valid: true, missing: [], ordering_violations: [] });
    const failure = await findFailure(receiptPath);
    expect(failure).toMatchObject({ jobId: 'test', section: 'user/execution', stepIndex: 2, command: 'exit 4', exitCode: 4, lastLines: ['exiting 4'] });
  });

  it('a failed prepare and a secrets job: valid phase report, failing section `provider`', async () => {
    const plan = planOf(['build'], {
      img: { stage: 'build' },
      sec: { stage: 'build', secrets: { T: { ref: 'env://T', file: false, required: true } } },
    });
    const { logsDir } = await recorded(plan, {}, { failPrepare: new Set(['img']) });
    expect(readJson(join(logsDir, 'phase-report.json'))).toMatchObject({ valid: true });
    const sec = readJson(join(logsDir, 'jobs', 'sec', 'manifest.json'));
    expect(sec).toMatchObject({ status: 'failed', failing_section: 'provider' });
  });

  it('a cancelled run: valid phase report, receipt names the signal and its exit code', async () => {
    const controller = new AbortController();
    const plan = planOf(['build', 'test'], { long: { stage: 'build', script: ['sleep 5000'] }, later: { stage: 'test' } });
    // Cancelled once `long` is under way (a fixed delay lost the race to a slow snapshot on a loaded machine).
    const cancelDuringLong = (request: { jobId: string }) => {
      if (request.jobId === 'long') setTimeout(() => controller.abort({ message: 'cancelled by SIGTERM', exitCode: 143 }), 30);
    };
    const { receipt, logsDir } = await recorded(plan, { signal: controller.signal }, { onPrepare: cancelDuringLong });
    expect(receipt).toMatchObject({ status: 'failure', exit_code: 143, error: 'cancelled by SIGTERM' });
    expect(readJson(join(logsDir, 'phase-report.json'))).toMatchObject({ valid: true });
    expect(readJson(join(logsDir, 'pipeline', 'manifest.json'))).toMatchObject({ failing_job_id: 'long' });
  });
});
