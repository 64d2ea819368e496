/**
 * Writing KDBX 4 vaults (Argon2id) for `loom secrets keepass` and for tests: create, set a field, list.
 * Saves are atomic (temp file + rename) with mode 0600, so a failed save never leaves half a vault.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { allEntries } from './entries.js';
import { type Kdbx, type VaultKey, credentialsOf, fieldText, kdbxweb, openKdbx } from './kdbx.js';

export interface KdfParams {
  /** Argon2 memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}
/** KeePassXC's defaults for new KDBX 4 databases: 64 MiB, 10 iterations, 2 lanes. */
export const DEFAULT_KDF: KdfParams = { memoryKiB: 64 * 1024, iterations: 10, parallelism: 2 };

/** Writes a new random XML (v2) keyfile, mode 0600; KeePassXC reads this format. */
export async function createKeyfile(path: string): Promise<void> {
  const bytes = await kdbxweb.Credentials.createRandomKeyFile(2);
  await atomicWrite(path, bytes);
}

export async function createVault(path: string, key: VaultKey, kdf: KdfParams = DEFAULT_KDF, name = 'loom'): Promise<Kdbx> {
  const db = kdbxweb.Kdbx.create(await credentialsOf(key, `vault ${path}`), name);
  db.setKdf(kdbxweb.Consts.KdfId.Argon2id);
  const params = db.header.kdfParameters as kdbxweb.VarDictionary;
  params.set('M', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(kdf.memoryKiB * 1024));
  params.set('I', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(kdf.iterations));
  params.set('P', kdbxweb.VarDictionary.ValueType.UInt32, kdf.parallelism);
  await saveVault(db, path);
  return db;
}

export const openVault = (path: string, key: VaultKey): Promise<Kdbx> => openKdbx(path, key, `vault ${path}`);

/** Sets `field` of the entry at the exact `entryPath` (groups created as needed); values are protected. */
export function setField(db: Kdbx, entryPath: string[], field: string, value: string): 'created' | 'updated' {
  let group = db.getDefaultGroup();
  for (const name of entryPath.slice(0, -1)) group = group.groups.find((g) => g.name === name) ?? db.createGroup(group, name);
  const title = entryPath[entryPath.length - 1] as string;
  let entry = group.entries.find((e) => e.fields.get('Title') === title);
  const created = entry === undefined;
  if (entry === undefined) {
    entry = db.createEntry(group);
    entry.fields.set('Title', title);
  }
  const stored = { password: 'Password', username: 'UserName', url: 'URL', notes: 'Notes' }[field.toLowerCase()] ?? field;
  entry.fields.set(stored, kdbxweb.ProtectedValue.fromString(value));
  entry.times.update();
  return created ? 'created' : 'updated';
}

/** Every entry's path and the names of its non-empty fields (never values), sorted by path. */
export function listFields(db: Kdbx): { path: string; fields: string[] }[] {
  const named = (entry: kdbxweb.KdbxEntry): string[] =>
    [...entry.fields.entries()].filter(([name, value]) => name !== 'Title' && (fieldText(value) ?? '') !== '').map(([name]) => name);
  return allEntries(db)
    .map(({ path, entry }) => ({ path: path.join('/'), fields: named(entry) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export async function saveVault(db: Kdbx, path: string): Promise<void> {
  await atomicWrite(path, new Uint8Array(await db.save()));
}

async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, bytes, { mode: 0o600, flag: 'wx' });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
