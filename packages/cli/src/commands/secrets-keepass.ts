/**
 * `loom secrets keepass vault create | item set|create|update | item list`: enough for a newcomer to create
 * the vault a workflow references without installing KeePassXC. The vault is found like `loom run` finds it
 * (flags, then the `LOOM_KEEPASS_DB_*` env overlay over runtime config, then `.loom/keepass/<KEY>.kdbx`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { loadRuntimeConfig } from '@loom/config';
import { LoomError } from '@loom/errors';
import { aliasKey, keepassAlias, loadKeepassTools, parseSecretRef } from '@loom/secrets';
import { findRepoRoot } from '../repo-root.js';
import { type SecretsFlags, fromEnv, required, secretsUsage, valueOf } from './secrets.js';

interface Vault {
  alias: string;
  path: string;
  key: { password?: string; keyfilePath?: string };
  keyfileEnv?: string;
}

/** `group/project/repo` from the origin URL (`git@host:group/project/repo.git`, `https://host/group/…`). */
function originPath(cwd: string): string | undefined {
  try {
    const url = execFileSync('git', ['remote', 'get-url', 'origin'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const path = url.replace(/^[a-z+]+:\/\/[^/]+\//, '').replace(/^[^@/]+@[^:]+:/, '').replace(/\.git$/, '').replace(/^\/+|\/+$/g, '');
    return path === '' ? undefined : path;
  } catch {
    return undefined;
  }
}

async function vaultOf(flags: SecretsFlags): Promise<Vault> {
  const root = findRepoRoot(process.cwd()) ?? process.cwd();
  const alias = flags['vault-path'] ?? originPath(root);
  if (alias === undefined) throw secretsUsage('no git origin to name the vault alias after; pass --vault-path <alias> (e.g. group/project/repo)');
  parseSecretRef(`keepass://${alias}#entry:field`); // the alias must be usable in refs
  const config = await loadRuntimeConfig({ env: process.env, repoRoot: root });
  const wired = keepassAlias(alias, process.env, config.config.providers.keepass.aliases);
  const given = flags['database-path'];
  const path = given !== undefined ? (isAbsolute(given) ? given : join(process.cwd(), given)) : (wired.path ?? join(root, '.loom', 'keepass', `${aliasKey(alias)}.kdbx`));
  const passwordEnv = flags['password-from-env'] ?? wired.passwordEnv;
  const keyfileEnv = flags['keyfile-from-env'] ?? wired.keyfileEnv;
  if (passwordEnv === undefined && keyfileEnv === undefined) {
    throw secretsUsage(`no credentials for vault "${alias}": pass --password-from-env <ENV> and/or --keyfile-from-env <ENV>`);
  }
  const password = fromEnv('password-from-env', passwordEnv, 'the master password');
  const keyfilePath = fromEnv('keyfile-from-env', keyfileEnv, 'the keyfile path');
  return {
    alias,
    path,
    key: { ...(password === undefined ? {} : { password }), ...(keyfilePath === undefined ? {} : { keyfilePath }) },
    ...(keyfileEnv === undefined ? {} : { keyfileEnv }),
  };
}

const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

function kdfOf(flags: SecretsFlags, defaults: { memoryKiB: number; iterations: number; parallelism: number }) {
  const positive = (flag: 'kdf-memory-mib' | 'kdf-iterations'): number | undefined => {
    const raw = flags[flag];
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw secretsUsage(`--${flag} expects a whole number, 1 or more; got "${raw}"`);
    return n;
  };
  const mib = positive('kdf-memory-mib');
  return { ...defaults, ...(mib === undefined ? {} : { memoryKiB: mib * 1024 }), iterations: positive('kdf-iterations') ?? defaults.iterations };
}

async function createVault(flags: SecretsFlags): Promise<number> {
  const vault = await vaultOf(flags);
  if (existsSync(vault.path) && !flags.force) {
    throw new LoomError('CLI_SECRETS_VAULT_EXISTS', `${shown(vault.path)} already exists`, { hint: 'pass --force to replace it (its entries are lost), or use `loom secrets keepass item set`' });
  }
  const tools = await loadKeepassTools();
  if (vault.key.keyfilePath !== undefined && !existsSync(vault.key.keyfilePath)) {
    await tools.createKeyfile(vault.key.keyfilePath);
    process.stderr.write(`keyfile created: ${shown(vault.key.keyfilePath)} (keep it out of the repository)\n`);
  }
  await tools.createVault(vault.path, vault.key, kdfOf(flags, tools.DEFAULT_KDF));
  process.stdout.write(`vault created: alias=${vault.alias} path=${shown(vault.path)}\n`);
  const key = aliasKey(vault.alias);
  if (process.env[`LOOM_KEEPASS_DB_${key}_PATH`] === undefined) {
    process.stderr.write(
      `wire it for loom run: export LOOM_KEEPASS_DB_${key}_PATH=${vault.path}` +
        (flags['password-from-env'] ? ` LOOM_KEEPASS_DB_${key}_PASSWORD_ENV=${flags['password-from-env']}` : '') +
        (flags['keyfile-from-env'] ? ` LOOM_KEEPASS_DB_${key}_KEYFILE_ENV=${flags['keyfile-from-env']}` : '') +
        ' (or providers.keepass.aliases in .loom/config.yml)\n',
    );
  }
  return 0;
}

async function setItem(flags: SecretsFlags, mode: 'set' | 'create' | 'update'): Promise<number> {
  const vault = await vaultOf(flags);
  const entry = required(flags, 'entry').split('/');
  const field = required(flags, 'field');
  if (entry.some((s) => s === '')) throw secretsUsage(`--entry "${entry.join('/')}" has an empty segment`);
  const value = await valueOf(flags);
  const tools = await loadKeepassTools();
  const db = await tools.openVault(vault.path, vault.key);
  const existing = tools.listFields(db).find((e) => e.path === entry.join('/'));
  const has = existing?.fields.some((f) => f.toLowerCase() === field.toLowerCase()) ?? false;
  if (mode === 'create' && has) throw new LoomError('CLI_SECRETS_FIELD_EXISTS', `${entry.join('/')} already has field ${field}`, { hint: 'use `item update` (or `item set`)' });
  if (mode === 'update' && !has) throw new LoomError('CLI_SECRETS_FIELD_MISSING', `${entry.join('/')} has no field ${field}`, { hint: 'use `item create` (or `item set`)' });
  tools.setField(db, entry, field, value);
  await tools.saveVault(db, vault.path);
  process.stdout.write(`item field ${has ? 'updated' : 'created'}: alias=${vault.alias} entry=${entry.join('/')} field=${field}\n`);
  return 0;
}

async function listItems(flags: SecretsFlags): Promise<number> {
  const vault = await vaultOf(flags);
  const tools = await loadKeepassTools();
  const db = await tools.openVault(vault.path, vault.key);
  for (const { path, fields } of tools.listFields(db)) for (const field of fields) process.stdout.write(`${path}  ${field}\n`);
  return 0;
}

export async function keepassCommand(noun: string | undefined, verb: string | undefined, flags: SecretsFlags): Promise<number> {
  if (noun === 'vault' && verb === 'create') return createVault(flags);
  if (noun === 'item' && (verb === 'set' || verb === 'create' || verb === 'update')) return setItem(flags, verb);
  if (noun === 'item' && verb === 'list') return listItems(flags);
  throw secretsUsage(`unknown command "loom secrets keepass ${[noun, verb].filter(Boolean).join(' ')}"`);
}
