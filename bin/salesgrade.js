#!/usr/bin/env node
// Thin shim: the CLI returns an exit code, only this file sets it.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
