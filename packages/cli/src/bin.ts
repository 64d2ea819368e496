#!/usr/bin/env node
import { holdEarlySignals } from './early-signals.js';
import { exitAfter } from './run/lingering.js';

holdEarlySignals();
const { main } = await import('./main.js');
await exitAfter(await main(process.argv.slice(2)));
