/** `loom run --local --stream` with a service container (tag `docker`; needs the daemon and `pnpm images`). */
import { spawnSync } from 'node:child_process';
import { describeWithRequirement } from '@loom/test-kit';
import { expect, it } from 'vitest';
import { explain, readRecord, receiptPathOf, runLoom, useCaseRepos } from './run-harness.js';

const dockerUp = spawnSync('docker', ['image', 'inspect', 'loom-local/busybox:latest'], { stdio: 'ignore' }).status === 0;
const { repoOf } = useCaseRepos();

describeWithRequirement('loom run --local --stream: service logs', { available: dockerUp, what: 'Docker with loom-local/busybox (pnpm images)' }, () => {
  it('keeps a service log out of the job stream; prints it, labelled, only for the failed job', async () => {
    const cwd = await repoOf('stream-services');
    const run = await runLoom(['run', '--local', '--stream'], { cwd });
    expect(run.code, explain(run)).toBe(1);
    // The two jobs run at once: their lines interleave, each job's in order.
    const lines = run.stderr.split('\n');
    const of = (job: string) => lines.filter((l) => l.startsWith(`[${job}] `));
    expect(of('ok')).toEqual(['[ok] $ echo job ok', '[ok] job ok']);
    expect(of('bad').slice(0, 3)).toEqual(['[bad] $ echo job bad', '[bad] job bad', '[bad] $ exit 2']);
    expect(run.stderr).not.toMatch(/^\[ok\].*service says hello/m);
    expect(run.stderr).not.toMatch(/^\[bad\] service says hello/m);
    // What the provider caught of the service's log before the steps began (it reports the first lines it
    // has by then) is in the record; each such line is on the terminal, labelled, for the failed job only.
    const record = readRecord(receiptPathOf(run));
    const serviceLines = record.events('jobs/bad/system/services/events.jsonl').filter((e) => e['event'] === 'output').flatMap((e) => (e['lines'] as string[] | undefined) ?? [e['line'] as string]);
    for (const line of serviceLines) expect(run.stderr).toContain(`[bad] [chatty] ${line}\n`);
    if (serviceLines.length > 0) expect(run.stderr).toContain('[bad] service logs (the job failed):\n');
  });
}, { tags: ['docker'] });
