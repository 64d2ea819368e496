// `pnpm loom <args>` runs at the repository root; act on the directory the user stood in (INIT_CWD).
import { fileURLToPath } from 'node:url';
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
// The Stage 0 gate's KeePass vault is a committed test fixture whose password is published
// (.loom/keepass/README.md); .loom/config.yml names this variable. A value already set wins.
process.env.LOOM_STAGE0_VAULT_PASSWORD ||= 'loom-stage0-test-fixture';
process.argv[1] = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
await import('../packages/cli/dist/bin.js');
