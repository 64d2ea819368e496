import { randomBytes } from 'node:crypto';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithRequirement, useTempDirs, writeTree } from '@loom/test-kit';
import { collectReport, docker, dockerRequirement, images, jobRequest, objectsOfRun, step, testProvider } from './support.js';

describeWithRequirement('docker provider: image.build', dockerRequirement, () => {
  const tempDir = useTempDirs('loom-docker-build-');
  const provider = testProvider();
  const tags: string[] = [];
  const tag = (): string => {
    const t = `loom-test/built-${randomBytes(4).toString('hex')}:1`;
    tags.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of tags) await docker.getImage(t).remove({ force: true }).catch(() => undefined);
  });

  it('builds the image from a Dockerfile in the workspace (honouring .dockerignore), then runs the job in it', async () => {
    const workspace = tempDir();
    writeTree(workspace, {
      'ci/Dockerfile': `FROM ${images.busybox}\nCOPY . /ctx/\nRUN echo built > /built.txt\n`,
      'tools/.dockerignore': 'secret.txt\nlogs/\n*.tmp\n!keep.tmp\n',
      'tools/app.txt': 'app\n',
      'tools/secret.txt': 'do not send\n',
      'tools/logs/x.log': 'log\n',
      'tools/a.tmp': 'tmp\n',
      'tools/keep.tmp': 'kept\n',
    });
    const name = tag();
    const request = jobRequest(workspace, { image: { name, build: { context: 'tools', dockerfile: 'ci/Dockerfile' } } });
    const report = collectReport();
    const prepared = await provider.prepare(request, report.report);
    try {
      const run = await step(provider, prepared, 'cat /built.txt; cd /ctx && find . -type f | sort');
      expect(run.stdout.split('\n')).toEqual(['built', './.dockerignore', './app.txt', './keep.tmp']);
      // The Dockerfile lives outside the context: it is sent under a private name, not kept in the image.
      const sections = report.events.filter((e) => e.type === 'section_started' || e.type === 'section_finished');
      expect(sections).toEqual([
        { type: 'section_started', section: 'image_build' },
        expect.objectContaining({ type: 'section_finished', section: 'image_build', status: 'success' }),
      ]);
      const output = report.events.flatMap((e) => (e.type === 'output' && e.section === 'image_build' ? [e.line.bytes.toString()] : []));
      expect(output).toContain('Step 3/3 : RUN echo built > /built.txt');
      expect(output[output.indexOf('Step 3/3 : RUN echo built > /built.txt') + 1]).not.toBe('');
    } finally {
      await provider.cleanup({ request, prepared }, () => undefined);
    }
  });

  it('fails prepare on a failing build step, naming the step, and leaves no intermediate container', async () => {
    const workspace = tempDir();
    writeTree(workspace, { 'Dockerfile': `FROM ${images.busybox}\nRUN echo fine\nRUN echo about to fail >&2 && exit 3\nRUN echo never\n` });
    const request = jobRequest(workspace, { image: { name: tag(), build: { context: '.', dockerfile: 'Dockerfile' } } });
    const report = collectReport();
    const error = await provider.prepare(request, report.report).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOCKER_BUILD_FAILED', message: expect.stringContaining('Step 3/4 : RUN echo about to fail >&2 && exit 3') });
    expect((error as Error).message).toContain('returned a non-zero code: 3');
    expect(report.events).toContainEqual(expect.objectContaining({ type: 'section_finished', section: 'image_build', status: 'failed' }));
    expect(report.text()).toContain('about to fail');
    await provider.cleanup({ request }, () => undefined);
    expect(await objectsOfRun(request.runId)).toEqual([]);
    const intermediate = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes('about to fail'));
    expect(intermediate).toEqual([]);
  });

  it('names a missing Dockerfile clearly', async () => {
    const workspace = tempDir();
    const request = jobRequest(workspace, { image: { name: tag(), build: { context: '.', dockerfile: 'nope/Dockerfile' } } });
    await expect(provider.prepare(request, () => undefined)).rejects.toMatchObject({ code: 'DOCKER_BUILD_FAILED', message: expect.stringContaining('nope/Dockerfile') });
    await provider.cleanup({ request }, () => undefined);
  });

  it('refuses a context or Dockerfile outside the workspace (files of the machine, not of the repository)', async () => {
    const workspace = tempDir();
    writeTree(workspace, { 'Dockerfile': `FROM ${images.busybox}\n` });
    for (const build of [{ context: '..', dockerfile: 'Dockerfile' }, { context: '.', dockerfile: '/etc/hostname' }]) {
      const request = jobRequest(workspace, { image: { name: tag(), build } });
      await expect(provider.prepare(request, () => undefined)).rejects.toMatchObject({ code: 'DOCKER_BUILD_FAILED', message: expect.stringContaining('outside the workspace') });
      await provider.cleanup({ request }, () => undefined);
    }
  });

  it('refuses a context or Dockerfile that is a symlink out of the workspace (a committed link, issue 17)', async () => {
    const outside = tempDir();
    writeTree(outside, { 'Dockerfile': `FROM ${images.busybox}\n`, 'secret.txt': 'machine file\n' });
    const workspace = tempDir();
    writeTree(workspace, { 'docker/.keep': '' });
    symlinkSync(outside, join(workspace, 'ctx'));
    symlinkSync(join(outside, 'Dockerfile'), join(workspace, 'docker/Dockerfile'));
    for (const build of [{ context: 'ctx', dockerfile: 'ctx/Dockerfile' }, { context: 'docker', dockerfile: 'docker/Dockerfile' }]) {
      const request = jobRequest(workspace, { image: { name: tag(), build } });
      await expect(provider.prepare(request, () => undefined)).rejects.toMatchObject({ code: 'DOCKER_BUILD_FAILED', message: expect.stringContaining('outside the workspace through a symlink') });
      await provider.cleanup({ request }, () => undefined);
    }
  });
}, { tags: ['docker'] });
