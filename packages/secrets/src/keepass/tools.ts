/** What `loom secrets keepass` needs, behind one lazy import (it loads kdbxweb and hash-wasm). */
export { createVault, openVault, setField, listFields, saveVault, createKeyfile, DEFAULT_KDF } from './vault-file.js';
export type { KdfParams } from './vault-file.js';
export type { VaultKey } from './kdbx.js';
