/** Where a problem is: a place in a file, or a key path in a document (JSON pointer). */
export interface Location {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer such as `/jobs/build/image`, or a dotted key path. */
  pointer?: string;
}

export interface LoomErrorOptions {
  hint?: string;
  location?: Location;
  cause?: unknown;
}

/**
 * The one error type every package throws for problems a user can act on. `code` is stable and is what the
 * CLI maps to exit codes and what records carry; `message` says what was expected and what was found;
 * `hint` says what to do.
 */
export class LoomError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: Location | undefined;

  constructor(code: string, message: string, options: LoomErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoomError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

export function isLoomError(value: unknown): value is LoomError {
  return value instanceof LoomError || (value instanceof Error && value.name === 'LoomError' && 'code' in value);
}

/** `file:line:column` (or as much of it as is known), for messages. */
export function formatLocation(location: Location | undefined): string {
  if (!location) return '';
  const place = [location.file, location.line, location.column].filter((p) => p !== undefined).join(':');
  return place || location.pointer || '';
}

/** One human line: `<where> <CODE> <message> (hint: …)`. Never includes a stack. */
export function formatLoomError(error: LoomError): string {
  const where = formatLocation(error.location);
  const hint = error.hint ? `\n  hint: ${error.hint}` : '';
  return `${where ? `${where} ` : ''}${error.code}: ${error.message}${hint}`;
}
