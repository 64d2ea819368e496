/**
 * Output records (issue 18): a burst of lines of one stream read in one millisecond is one record with
 * `lines`, so an output-heavy step costs little more than its bytes; every line is kept, in order, masked,
 * and the reader gives the lines back one by one.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@loom/test-kit';
import { describe, expect, it } from 'vitest';
import type { LoomEvent } from '../src/events.js';
import { createMasker, redactionMarker } from '../src/index.js';
import { readEventLines, readOutputLines, tailOutputLines } from '../src/reader/index.js';
import { T0, fixtureEvents } from './fixtures/run-fixture.js';
import { writeFixture } from './fixtures/write-fixture.js';

const tempDir = useTempDirs('loom-rl-output-');
const STEP_FILE = 'jobs/build/user/execution/script/01/events.jsonl';

/** The fixture's build job with its step's output replaced by `output`. */
function withOutput(output: LoomEvent[]): LoomEvent[] {
  const events = fixtureEvents().filter((e) => !(e.type === 'output' && e.jobId === 'build' && e.index === 1));
  const at = events.findIndex((e) => e.type === 'step_finished' && e.jobId === 'build' && e.index === 1);
  return [...events.slice(0, at), ...output, ...events.slice(at)];
}

const out = (i: number, stream: 'stdout' | 'stderr', text: string, ts = T0 + 10): LoomEvent => ({ type: 'output', ts, jobId: 'build', index: 1, stream, bytes: Buffer.from(text) });

async function allLines(path: string) {
  const lines: { stream: string; line: string }[] = [];
  for await (const batch of readOutputLines(path)) for (const { stream, line } of batch) lines.push({ stream, line });
  return lines;
}

describe('output records', () => {
  it('groups a same-millisecond burst of one stream, splits at a stream change, keeps every line in order', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => out(i, i < 3 || i === 5 ? 'stdout' : 'stderr', `line ${i} "quoted" \\ tab\t`));
    const { logsDir } = await writeFixture(tempDir(), { events: withOutput(lines) });
    const path = join(logsDir, STEP_FILE);
    const records = (await readEventLines(path)).filter((r) => r.event === 'output');
    expect(records.map((r) => (r.event === 'output' ? [r.stream, r.lines?.length ?? 1] : []))).toEqual([['stdout', 3], ['stderr', 2], ['stdout', 1]]);
    expect(records.map((r) => r.seq)).toEqual([...records.map((r) => r.seq)].sort((a, b) => a - b));
    const expected = lines.map((e) => (e.type === 'output' ? { stream: e.stream, line: e.bytes.toString() } : {}));
    expect(await allLines(path)).toEqual(expected);
    expect(await tailOutputLines(path, 4)).toEqual(expected.slice(2).map((l) => l.line));
  });

  it('starts a new record when the millisecond changes', async () => {
    const { logsDir } = await writeFixture(tempDir(), { events: withOutput([out(0, 'stdout', 'a'), out(1, 'stdout', 'b'), out(2, 'stdout', 'c', T0 + 11)]) });
    const records = (await readEventLines(join(logsDir, STEP_FILE))).filter((r) => r.event === 'output');
    expect(records.map((r) => (r.event === 'output' ? (r.lines ?? [r.line]) : []))).toEqual([['a', 'b'], ['c']]);
  });

  it('costs well under 2× the raw bytes for 80-byte lines, and masks every line of a batch', async () => {
    const masker = createMasker();
    masker.register('TOKEN', 'hunter2-secret-value');
    const text = (i: number) => `${i}`.padEnd(60, ' compiling module') + (i % 100 === 0 ? ' hunter2-secret-value' : '');
    const events = Array.from({ length: 20_000 }, (_, i) => out(i, 'stdout', text(i), T0 + 10 + Math.floor(i / 500)));
    const raw = events.reduce((n, e) => n + (e.type === 'output' ? e.bytes.length + 1 : 0), 0);
    const { logsDir } = await writeFixture(tempDir(), { events: withOutput(events), masker });
    const path = join(logsDir, STEP_FILE);
    expect(statSync(path).size / raw).toBeLessThan(1.2);
    expect(readFileSync(path, 'utf8')).not.toContain('hunter2-secret-value');
    const read = await allLines(path);
    expect(read).toHaveLength(20_000);
    expect(read[100]?.line).toBe(`${text(100).replace('hunter2-secret-value', redactionMarker('TOKEN'))}`);
  });
});
