/** Reading one run-record JSON document, with a LoomError that says which file and what to do. */
import { readFile } from 'node:fs/promises';
import { LoomError } from '@loom/errors';
import type { z } from 'zod';

export async function readDocument<S extends z.ZodType>(path: string, schema: S, what: string): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LoomError(
      missing ? 'RUNTIME_LOGS_NOT_FOUND' : 'RUNTIME_LOGS_UNREADABLE',
      `${what} ${path} ${missing ? 'does not exist' : 'cannot be read'}`,
      {
        hint: missing
          ? 'pass the receipt path that `loom run` printed (receipt: …) or a .loom/.runtime/logs/<run_id> folder'
          : 'check the file permissions',
        location: { file: path },
        cause,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw invalid(path, what, 'is not JSON', cause);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` at /${first.path.join('/')}` : '';
    throw invalid(path, what, `does not match the contract${where}: ${first?.message ?? 'invalid'}`, parsed.error);
  }
  return parsed.data;
}

function invalid(path: string, what: string, detail: string, cause: unknown): LoomError {
  return new LoomError('RUNTIME_LOGS_INVALID', `${what} ${path} ${detail}`, {
    hint: 'the file was not written by a compatible Loom, or was edited; re-run `loom run --local`',
    location: { file: path },
    cause,
  });
}
