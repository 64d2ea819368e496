/**
 * `loom secrets keepass …` and `loom secrets op …` (cli.md): tooling around the secret providers. Never prints
 * a value; values and credentials come only from env vars named by flags (or stdin), never from flag values.
 * Arguments are parsed here (node:util parseArgs) because cac has no nested subcommands.
 */
import { parseArgs } from 'node:util';
import { formatLoomError, isLoomError, LoomError } from '@loom/errors';

const SECRETS_USAGE = [
  'usage: loom secrets keepass vault create [--vault-path <alias>] [--database-path <file>] --password-from-env <ENV> | --keyfile-from-env <ENV> [--force]',
  '       loom secrets keepass item set|create|update [--vault-path <alias>] --entry <group/…/title> --field <name> (--value-from-env <ENV> | --value-from-stdin)',
  '       loom secrets keepass item list [--vault-path <alias>]',
  '       loom secrets op vault list',
  '       loom secrets op item create --vault <v> --item-path <p> --field <f> --value-from-env <ENV>',
  '       loom secrets op item list --vault <v>',
].join('\n');

const OPTIONS = {
  'vault-path': { type: 'string' },
  'database-path': { type: 'string' },
  'password-from-env': { type: 'string' },
  'keyfile-from-env': { type: 'string' },
  'kdf-memory-mib': { type: 'string' },
  'kdf-iterations': { type: 'string' },
  force: { type: 'boolean' },
  entry: { type: 'string' },
  field: { type: 'string' },
  'value-from-env': { type: 'string' },
  'value-from-stdin': { type: 'boolean' },
  vault: { type: 'string' },
  'item-path': { type: 'string' },
} as const;

export type SecretsFlags = ReturnType<typeof parse>['values'];

export const secretsUsage = (message: string): LoomError => new LoomError('CLI_SECRETS_USAGE', message, { hint: SECRETS_USAGE });

function parse(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw secretsUsage(error instanceof Error ? error.message : String(error));
  }
}

/** `argv` is the whole command line after `loom` (starting with `secrets`). */
export async function secretsCommand(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parse(argv.slice(1));
    const [provider, noun, verb, ...extra] = positionals;
    if (extra.length > 0) throw secretsUsage(`unexpected argument "${extra[0]}"`);
    const what = `${provider ?? ''} ${noun ?? ''} ${verb ?? ''}`.trim();
    if (provider === 'keepass') return await (await import('./secrets-keepass.js')).keepassCommand(noun, verb, values);
    if (provider === 'op') return await (await import('./secrets-op.js')).opCommand(noun, verb, values);
    throw secretsUsage(what === '' ? 'loom secrets needs a provider: keepass or op' : `unknown secrets command "${what}"`);
  } catch (error) {
    if (!isLoomError(error)) throw error;
    process.stderr.write(`${formatLoomError(error)}\n`);
    return 1;
  }
}

/** The value of a flag naming an env var: the variable must be set and non-empty. */
export function fromEnv(flag: string, name: string | undefined, what: string): string | undefined {
  if (name === undefined) return undefined;
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new LoomError('CLI_SECRETS_ENV_MISSING', `--${flag} names ${name}, which is not set (or empty)`, { hint: `export ${name}=<${what}> first` });
  }
  return value;
}

export async function valueOf(flags: SecretsFlags): Promise<string> {
  if (flags['value-from-env'] !== undefined && flags['value-from-stdin']) throw secretsUsage('give one of --value-from-env and --value-from-stdin');
  if (flags['value-from-stdin']) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    // A here-string or echo adds one trailing newline; values are stored without it.
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  const value = fromEnv('value-from-env', flags['value-from-env'], 'the secret value');
  if (value === undefined) throw secretsUsage('give the value with --value-from-env <ENV> or --value-from-stdin (never as a flag value)');
  return value;
}

export function required(flags: SecretsFlags, name: 'entry' | 'field' | 'vault' | 'item-path'): string {
  const value = flags[name];
  if (value === undefined || value === '') throw secretsUsage(`--${name} is required`);
  return value;
}
