#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` through the `prepare` script).
import { main } from '../dist/cli/main.js';
import { exitOnSignals } from '../dist/cli/signals.js';

exitOnSignals();
process.exitCode = await main(process.argv);
