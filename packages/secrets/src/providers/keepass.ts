/**
 * `keepass://<alias>#<entry-path>:<field>`: each alias's database is opened at most once per run (the open
 * is shared by every secret it serves, concurrent ones included); a failed open is remembered too, so ten
 * refs to a locked vault do not pay the KDF ten times.
 */
import type { ParsedRef } from '../ref.js';
import { keepassCredentials } from '../wiring.js';
import { findEntry, readField } from '../keepass/entries.js';
import { type Kdbx, openKdbx } from '../keepass/kdbx.js';
import type { ProviderContext, SchemeProvider } from './types.js';

export function createProvider(ctx: ProviderContext): SchemeProvider {
  const open = new Map<string, Promise<Kdbx>>();

  function database(alias: string): Promise<Kdbx> {
    let db = open.get(alias);
    if (db === undefined) {
      db = (async () => {
        const creds = keepassCredentials(alias, ctx.env, ctx.keepassAliases);
        return openKdbx(creds.path, creds, `keepass alias "${alias}"`);
      })();
      open.set(alias, db);
    }
    return db;
  }

  return {
    async resolve(ref: ParsedRef): Promise<string> {
      if (ref.scheme !== 'keepass') throw new Error(`keepass provider got a ${ref.scheme} ref`);
      const db = await database(ref.alias);
      const what = `keepass://${ref.alias}`;
      return readField(findEntry(db, ref.entryPath, what), ref.field, what);
    },
  };
}
