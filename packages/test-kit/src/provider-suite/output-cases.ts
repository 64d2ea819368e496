import { expect, it } from 'vitest';
import type { Harness } from './harness.js';
import type { ResolvedSuiteOptions } from './options.js';

const MiB = 1024 * 1024;

/** Lines per stream, raw bytes, and output far larger than memory should hold. */
export function registerOutputCases(h: Harness, options: ResolvedSuiteOptions): void {
  it('keeps each stream\'s order for 1,000 lines interleaved on stdout and stderr', async () => {
    const command = 'i=1; while [ "$i" -le 1000 ]; do echo "out $i"; echo "err $i" >&2; i=$((i + 1)); done';
    await h.withJob({}, async (job) => {
      const run = await job.run(command);
      const numbered = (prefix: string): string[] => Array.from({ length: 1000 }, (_, i) => `${prefix} ${i + 1}`);
      expect(run.result.exitCode).toBe(0);
      expect(run.stdout).toEqual(numbered('out'));
      expect(run.stderr).toEqual(numbered('err'));
    });
  });

  it('splits on \\n only: empty lines and \\r stay, an unterminated last line arrives', async () => {
    await h.withJob({}, async (job) => {
      const run = await job.run("printf 'a\\n\\nb\\r\\nlast'; printf 'tail' >&2");
      expect(run.stdout).toEqual(['a', '', 'b\r', 'last']);
      expect(run.stderr).toEqual(['tail']);
    });
  });

  it('delivers output that is not valid UTF-8 byte for byte', async () => {
    await h.withJob({}, async (job) => {
      const run = await job.run("printf '\\377\\376\\n\\303\\050 ok\\n\\200'; printf '\\300\\200\\n' >&2");
      const bytes = (stream: string): number[][] => run.lines.filter((l) => l.stream === stream).map((l) => [...l.bytes]);
      expect(bytes('stdout')).toEqual([[0xff, 0xfe], [0xc3, 0x28, 0x20, 0x6f, 0x6b], [0x80]]);
      expect(bytes('stderr')).toEqual([[0xc0, 0x80]]);
    });
  });

  it('stamps each line with the time it was read', async () => {
    await h.withJob({}, async (job) => {
      const before = Date.now();
      const run = await job.run('echo one; echo two >&2');
      const after = Date.now();
      for (const line of run.lines) {
        expect(line.timestamp).toBeGreaterThanOrEqual(before);
        expect(line.timestamp).toBeLessThanOrEqual(after);
      }
    });
  });

  it(`streams 100 MiB of output with the test process under ${options.rssLimitMiB} MiB RSS`, { timeout: options.slowTimeoutMs }, async ({ annotate }) => {
    // 1,048,576 lines of 99 bytes + "\n": exactly 100 MiB.
    const line = 'loom-provider-suite-'.padEnd(99, '0123456789');
    const command = `yes '${line}' | head -c ${100 * MiB}`;
    let count = 0;
    let bytes = 0;
    let wrong = 0;
    let peak = process.memoryUsage.rss();
    const sample = (): void => {
      peak = Math.max(peak, process.memoryUsage.rss());
    };
    const timer = setInterval(sample, 25);
    await h.withJob({}, async (job) => {
      const run = await job.run(command, {
        keep: false,
        onOutput: (l) => {
          count++;
          bytes += l.bytes.length;
          if (l.bytes.length !== 99) wrong++;
          if (count % 4096 === 0) sample();
        },
      });
      expect(run.result.exitCode).toBe(0);
    }).finally(() => clearInterval(timer));
    sample();
    await annotate(`peak RSS ${(peak / MiB).toFixed(1)} MiB while streaming 100 MiB`);
    expect({ count, bytes, wrong }).toEqual({ count: MiB, bytes: 99 * MiB, wrong: 0 });
    expect(peak / MiB).toBeLessThan(options.rssLimitMiB);
  });
}
