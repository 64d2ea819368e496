import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SecretRef } from '@loom/contracts';
import { createSecretResolver, sweepStaleSecretDirs } from '@loom/secrets';
import { useTempDirs } from '@loom/test-kit';

const temp = useTempDirs();
const signal = new AbortController().signal;
const ref = (name: string, uri: string, extra: Partial<SecretRef> = {}): SecretRef => ({ name, ref: uri, file: true, required: true, ...extra });
const mode = (path: string): number => statSync(path).mode & 0o777;

describe('the resolver', () => {
  it('writes file secrets byte for byte into 0600 files in a 0700 job dir, mounts them read-only, removes them in dispose', async () => {
    const root = join(temp(), 'root');
    const value = 'line one\nno trailing newline ✓';
    const resolver = createSecretResolver({ env: { TOKEN: value, DIRECT: 'direct-value' }, runId: 'loom-run-local-7', tmpRoot: root });
    const out = await resolver.resolve('build', [ref('TOKEN', 'env://TOKEN'), ref('DIRECT', 'env://DIRECT', { file: false })], signal);
    const path = out.env['TOKEN'] as string;
    expect(readFileSync(path, 'utf8')).toBe(value);
    expect(mode(path)).toBe(0o600);
    expect(mode(join(path, '..'))).toBe(0o700);
    expect(mode(join(path, '../..'))).toBe(0o700);
    expect(out.env['DIRECT']).toBe('direct-value');
    expect(out.mounts).toEqual([{ hostPath: path, containerPath: '/run/secrets/TOKEN', readOnly: true }]);
    expect(out.values).toEqual([{ name: 'TOKEN', value }, { name: 'DIRECT', value: 'direct-value' }]);
    await out.dispose();
    expect(existsSync(join(path, '..'))).toBe(false);
    await resolver.close();
    expect(readdirSync(root)).toEqual([]);
  });

  it('omits an optional secret that fails and says why; a required one fails the job and writes nothing', async () => {
    const root = join(temp(), 'root');
    const resolver = createSecretResolver({ env: { PRESENT: 'present-value' }, runId: 'loom-run-local-7', tmpRoot: root });
    const optional = await resolver.resolve('a', [ref('PRESENT', 'env://PRESENT'), ref('GONE', 'env://GONE', { required: false })], signal);
    expect(Object.keys(optional.env)).toEqual(['PRESENT']);
    expect(optional.failures).toEqual([expect.objectContaining({ name: 'GONE', scheme: 'env', code: 'SECRETS_REF_NOT_FOUND', fatal: false })]);
    const required = await resolver.resolve('b', [ref('PRESENT', 'env://PRESENT'), ref('GONE', 'env://GONE')], signal);
    expect(required.env).toEqual({});
    expect(required.mounts).toEqual([]);
    expect(required.failures).toEqual([expect.objectContaining({ name: 'GONE', code: 'SECRETS_REQUIRED_MISSING', fatal: true })]);
    const empty = await createSecretResolver({ env: { E: '' }, runId: 'loom-run-local-7', tmpRoot: root }).resolve('c', [ref('E', 'env://E')], signal);
    expect(empty.failures[0]?.message).toContain('E is empty');
  });

  it('treats a malformed ref as fatal even when the secret is optional', async () => {
    const resolver = createSecretResolver({ env: {}, runId: 'loom-run-local-7', tmpRoot: join(temp(), 'root') });
    const out = await resolver.resolve('a', [ref('X', 'vault://nope', { required: false })], signal);
    expect(out.failures).toEqual([expect.objectContaining({ name: 'X', scheme: 'vault', code: 'SECRETS_REF_INVALID', fatal: true })]);
  });

  it('loads a scheme\'s provider only when a job uses it', async () => {
    const resolver = createSecretResolver({ env: { A: 'aaaa' }, runId: 'loom-run-local-7', tmpRoot: join(temp(), 'root') });
    await resolver.resolve('a', [ref('A', 'env://A', { file: false })], signal);
    expect(resolver.loadedSchemes()).toEqual(['env']);
  });

  it('sweeps the secret dirs of Loom processes that are gone, and keeps live ones', async () => {
    const root = temp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    mkdirSync(join(root, `loom-run-local-1.${dead}`, 'job-x'), { recursive: true });
    mkdirSync(join(root, `loom-run-local-2.${process.pid}`));
    mkdirSync(join(root, 'unrelated'));
    expect(await sweepStaleSecretDirs(root)).toBe(1);
    expect(readdirSync(root).sort()).toEqual([`loom-run-local-2.${process.pid}`, 'unrelated']);
  });
});
