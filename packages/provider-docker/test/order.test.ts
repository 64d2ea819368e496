/**
 * Output order (issue 18): lines of stdout and stderr reach Loom in the order the daemon sent them — one
 * demultiplexer hands both streams' lines on in frame order — and each stream's lines arrive exactly in
 * written order. Across the two streams the daemon copies each pipe on its own, so a tight loop alternating
 * between them is not recorded in written order (bench `output` measures the share; README, "Output order").
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputLine } from '@loom/contracts';
import { describeWithRequirement, useTempDirs } from '@loom/test-kit';
import type { DockerPreparedJob } from '../src/index.js';
import { demuxLines } from '../src/lines.js';
import { dockerRequirement, jobRequest, step, testProvider } from './support.js';

const frame = (type: 1 | 2, text: string): Buffer => {
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(Buffer.byteLength(text), 4);
  return Buffer.concat([header, Buffer.from(text)]);
};

/** Share (%) of positions holding the line written there: o 1, e 1, o 2, e 2, … */
function inOrder(lines: OutputLine[], pairs: number): number {
  let ok = 0;
  for (let i = 0; i < pairs * 2; i++) {
    const line = lines[i];
    const expected = `${i % 2 ? 'e' : 'o'} ${Math.floor(i / 2) + 1}`;
    if (line !== undefined && line.bytes.toString() === expected && line.stream === (i % 2 ? 'stderr' : 'stdout')) ok++;
  }
  return (100 * ok) / (pairs * 2);
}

describe('demuxLines', () => {
  it('hands on both streams in frame order, whatever the chunking', () => {
    const wire = Buffer.concat([frame(1, 'o 1\no 2'), frame(2, 'e 1\n'), frame(1, '\no 3\n'), frame(2, 'e 2')]);
    for (const size of [1, 3, 7, 8, 9, wire.length]) {
      const source = new PassThrough();
      const lines: string[] = [];
      const demux = demuxLines(source, (l) => lines.push(`${l.stream} ${l.bytes.toString()}`));
      for (let at = 0; at < wire.length; at += size) source.write(wire.subarray(at, at + size));
      demux.end();
      expect(lines).toEqual(['stdout o 1', 'stderr e 1', 'stdout o 2', 'stdout o 3', 'stderr e 2']);
    }
  });
});

for (const stepTransport of ['attach', 'exec'] as const) {
  describeWithRequirement(`docker provider: output order (${stepTransport} transport)`, dockerRequirement, () => {
    const tempDir = useTempDirs('loom-docker-order-');
    const provider = testProvider({ stepTransport });
    const toClean: { request: ReturnType<typeof jobRequest>; prepared?: DockerPreparedJob }[] = [];
    afterEach(async () => {
      for (const target of toClean.splice(0)) await provider.cleanup(target, () => undefined);
    });

    it('keeps each stream of 2,000 alternating echo lines in written order, every line kept', async () => {
      const request = jobRequest(tempDir());
      const target: (typeof toClean)[number] = { request };
      toClean.push(target);
      const prepared = await provider.prepare(request, () => undefined);
      target.prepared = prepared;
      const pairs = 1000;
      const run = await step(provider, prepared, `i=0; while [ $i -lt ${pairs} ]; do i=$((i+1)); echo "o $i"; echo "e $i" >&2; done`);
      const numbers = Array.from({ length: pairs }, (_, i) => i + 1);
      expect(run.stdout).toBe(numbers.map((n) => `o ${n}`).join('\n'));
      expect(run.stderr).toBe(numbers.map((n) => `e ${n}`).join('\n'));
      console.log(`${stepTransport}: ${inOrder(run.lines, pairs).toFixed(2)} % of positions in written order across the streams`);
    });
  }, { tags: ['docker'] });
}
