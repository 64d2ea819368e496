// `pnpm loom <args>` runs at the repository root; act on the directory the user stood in (INIT_CWD).
import { fileURLToPath } from 'node:url';
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
process.argv[1] = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
await import('../packages/cli/dist/bin.js');
