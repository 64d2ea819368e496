#!/usr/bin/env node
import { main } from './main.js';
import { exitAfter } from './run/lingering.js';

await exitAfter(await main(process.argv.slice(2)));
