/**
 * Text to stdout in large writes, waiting when the pipe is full, and stopping quietly when the reader went
 * away (`loom logs build | head`): an EPIPE there is the reader's choice, not an error.
 */
import { once } from 'node:events';

export interface TextOut {
  write(text: string): Promise<void>;
  flush(): Promise<void>;
  /** True once the reader closed the pipe: stop producing. */
  readonly closed: boolean;
}

const CHUNK = 1 << 16;

export function textOut(stream: NodeJS.WriteStream = process.stdout): TextOut {
  let buffer = '';
  let closed = false;
  const gone = new Promise<void>((done) => {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closed = true;
      done();
    });
  });
  const flush = async (): Promise<void> => {
    if (closed || buffer === '') return;
    const full = !stream.write(buffer);
    buffer = '';
    if (full) await Promise.race([once(stream, 'drain'), gone]);
  };
  return {
    async write(text) {
      buffer += text;
      if (buffer.length >= CHUNK) await flush();
    },
    flush,
    get closed() {
      return closed;
    },
  };
}
