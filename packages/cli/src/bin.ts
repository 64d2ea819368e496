#!/usr/bin/env node
import { holdEarlySignals } from './early-signals.js';
import { exitAfter } from './run/lingering.js';

holdEarlySignals();
// Best effort and first: a plain `loom run --local` asks the daemon for its container before the CLI loads.
if (process.argv[2] === 'run') await import('./run/early-boot.js').then((m) => m.bootEarly(process.argv.slice(2), process.env, process.cwd())).catch(() => undefined);
const { main } = await import('./main.js');
await exitAfter(await main(process.argv.slice(2)));
