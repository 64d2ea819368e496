/**
 * The HTML report of a failing run, loaded in real headless Chromium (issue 16): job bars per stage, the
 * needs edge, the failing step highlighted with its last lines, no request leaves the file, and a
 * screenshot under packages/cli/.reports/screenshots/ for people to look at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeWithRequirement, chromiumRequirement, launchChromium } from '@loom/test-kit';
import { expect, it } from 'vitest';
import { explain, receiptPathOf, runLoom, useCaseRepos } from './run-harness.js';

const { repoOf } = useCaseRepos();
const SCREENSHOTS = fileURLToPath(new URL('../.reports/screenshots/', import.meta.url));

const reportPathOf = (stderr: string): string => {
  const match = /^report: (\/.+\.html)$/m.exec(stderr);
  if (!match?.[1]) throw new Error(`no "report: <path>" line:\n${stderr}`);
  return match[1];
};

describeWithRequirement('the HTML report in headless Chromium', chromiumRequirement, () => {
  it('shows the failing run: bars, the needs edge, the failing step and its last lines; loads nothing from outside', async () => {
    const cwd = await repoOf('daily');
    const run = await runLoom(['run', '--local', '--variable', 'GREETING=bonjour'], { cwd });
    expect(run.code, explain(run)).toBe(1);
    const report = reportPathOf(run.stderr);
    expect(dirname(report)).toBe(dirname(readJsonPath(receiptPathOf(run))));
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ width: 1200, height: 900 });
      await page.open(pathToFileURL(report).href);
      const dom = await page.evaluate<{ bars: Record<string, string>; edges: string[]; failing: string[]; tail: string; firstJob: string; links: string[] }>(`(() => ({
        bars: Object.fromEntries([...document.querySelectorAll('.bar')].map((b) => [b.dataset.job, b.className])),
        edges: [...document.querySelectorAll('path.edge')].map((e) => e.dataset.from + '->' + e.dataset.to),
        failing: [...document.querySelectorAll('tr.failing')].map((r) => r.closest('section').id + '#' + r.dataset.step),
        tail: document.querySelector('pre.tail')?.textContent ?? '',
        firstJob: document.querySelector('section.job')?.id,
        links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      }))()`);
      expect(dom.bars).toEqual({ build: 'bar status-success', lint: 'bar status-success', test: 'bar status-failed' });
      expect(dom.edges).toEqual(['build->test']);
      expect(dom.failing).toEqual(['job-test#2']);
      expect(dom.tail).toContain('GREETING is bonjour, not hello');
      expect(dom.firstJob).toBe('job-test');
      expect(dom.links.every((l) => !/^[a-z]+:/.test(l))).toBe(true);
      expect(dom.links).toContain('jobs/test/user/execution/script/02/events.jsonl');
      expect(page.requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, 'report-failing-run.png'), await page.screenshot());
    } finally {
      await browser.close();
    }
  });
}, { tags: ['host'] });

/** The logs directory of a run from its receipt. */
function readJsonPath(receiptPath: string): string {
  return join((JSON.parse(readFileSync(receiptPath, 'utf8')) as { logs_dir: string }).logs_dir, 'report.html');
}
