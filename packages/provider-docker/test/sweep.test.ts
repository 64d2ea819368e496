import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describeWithRequirement } from '@loom/test-kit';
import { sweepLeftovers } from '../src/index.js';
import { bootId, Label, processLabels } from '../src/labels.js';
import { docker, dockerRequirement, images, testLabel, uniqueRunId } from './support.js';

describeWithRequirement('sweepLeftovers', dockerRequirement, () => {
  it('removes objects of dead Loom processes of this host and boot; spares live, foreign and kept ones', async () => {
    const deadPid = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    const runId = uniqueRunId();
    const base = { ...testLabel, [Label.runId]: runId, [Label.jobId]: 'sweep' };
    const dead = { ...base, ...processLabels(), [Label.pid]: deadPid, [Label.pidStart]: '' };
    const live = { ...base, ...processLabels() };
    const foreign = { ...dead, [Label.host]: 'another-machine' };
    const otherBoot = { ...dead, [Label.bootId]: `not-${bootId()}` };
    const make = (labels: Record<string, string>, name?: string) =>
      docker.createContainer({ Image: images.busybox, Cmd: ['true'], Labels: labels, ...(name ? { name } : {}) });
    const deadC = await make(dead);
    const liveC = await make(live);
    const foreignC = await make(foreign);
    const otherBootC = await make(otherBoot);
    const keptC = await make(dead, `loom-kept-sweep-${runId}`);
    const deadNet = await docker.createNetwork({ Name: `loom-sweep-${runId}`, Labels: dead });
    const deadVol = await docker.createVolume({ Name: `loom-sweep-${runId}`, Labels: dead });
    try {
      const removed = await sweepLeftovers();
      expect(removed.failures).toEqual([]);
      // Gone (another test file's provider may sweep them first: it runs the same rule in the background).
      const gone = (p: Promise<unknown>) => p.then(() => 'exists', (e: { statusCode?: number }) => e.statusCode);
      expect(await gone(deadC.inspect())).toBe(404);
      expect(await gone(deadNet.inspect())).toBe(404);
      expect(await gone(docker.getVolume(deadVol.name).inspect())).toBe(404);
      const left = (await docker.listContainers({ all: true, filters: { label: [`${Label.runId}=${runId}`] } })).map((c) => c.Id).sort();
      expect(left).toEqual([liveC.id, foreignC.id, otherBootC.id, keptC.id].sort());
    } finally {
      for (const c of [deadC, liveC, foreignC, otherBootC, keptC]) await c.remove({ force: true }).catch(() => undefined);
      await deadNet.remove().catch(() => undefined);
      await docker.getVolume(deadVol.name).remove().catch(() => undefined);
    }
  });
}, { tags: ['docker'] });
