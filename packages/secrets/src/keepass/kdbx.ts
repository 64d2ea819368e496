/**
 * kdbxweb + hash-wasm (toolchain.md §6): open a KDBX 3.1 (AES-KDF) or KDBX 4 (Argon2d/Argon2id) file with a
 * password, a keyfile or both. This module is the only one that imports them, and it is only imported when a
 * job uses `keepass://` (or `loom secrets keepass` runs).
 */
import { readFile } from 'node:fs/promises';
import kdbxweb from 'kdbxweb';
import { argon2d, argon2id } from 'hash-wasm';
import { unavailable } from '../codes.js';

export type Kdbx = kdbxweb.Kdbx;

let argon2Installed = false;
function installArgon2(): void {
  if (argon2Installed) return;
  argon2Installed = true;
  kdbxweb.CryptoEngine.setArgon2Impl(async (password, salt, memory, iterations, length, parallelism, type, version) => {
    // hash-wasm implements Argon2 v1.3 (0x13), which is what KDBX 4 writes.
    if (version !== 0x13) throw new Error(`Argon2 version 0x${version.toString(16)} is not supported`);
    const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2id : argon2d;
    const out = await hash({
      password: new Uint8Array(password),
      salt: new Uint8Array(salt),
      memorySize: memory,
      iterations,
      parallelism,
      hashLength: length,
      outputType: 'binary',
    });
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  });
}

export interface VaultKey {
  password?: string;
  keyfilePath?: string;
}

const toArrayBuffer = (buf: Buffer): ArrayBuffer => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;

export async function credentialsOf(key: VaultKey, what: string): Promise<kdbxweb.Credentials> {
  installArgon2();
  let keyfile: ArrayBuffer | null = null;
  if (key.keyfilePath !== undefined) {
    keyfile = toArrayBuffer(await readFile(key.keyfilePath).catch((error: NodeJS.ErrnoException) => {
      throw unavailable(`${what}: cannot read the keyfile ${key.keyfilePath} (${error.code ?? 'error'})`, 'check the path the keyfile variable names');
    }));
  }
  const password = key.password === undefined ? null : kdbxweb.ProtectedValue.fromString(key.password);
  return new kdbxweb.Credentials(password, keyfile);
}

/** Opens `path`; every failure is `SECRETS_PROVIDER_UNAVAILABLE` naming the file, never a credential. */
export async function openKdbx(path: string, key: VaultKey, what: string): Promise<Kdbx> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw unavailable(`${what}: cannot read the database ${path} (${error.code ?? 'error'})`, 'check the path the alias is wired to');
  });
  const credentials = await credentialsOf(key, what);
  try {
    return await kdbxweb.Kdbx.load(toArrayBuffer(bytes), credentials);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'InvalidKey') {
      throw unavailable(`${what}: cannot unlock ${path}: wrong password or keyfile`, 'check the password and keyfile variables the alias names');
    }
    throw unavailable(`${what}: ${path} is not a readable KDBX database (${code ?? 'decode failed'})`, 'open it with KeePassXC to check it');
  }
}

export const fieldText = (field: kdbxweb.KdbxEntryField | undefined): string | undefined =>
  field instanceof kdbxweb.ProtectedValue ? field.getText() : field;

export { kdbxweb };
