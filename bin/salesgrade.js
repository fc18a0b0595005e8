#!/usr/bin/env node
// Thin shim: the CLI returns an exit code, only this file sets it.
import { setFlagsFromString } from 'node:v8';

// V8 sends a function to its optimising compiler (TurboFan, on background threads) once the function
// has run V8's --interrupt-budget of bytecode (66 KB by default): in a short run, hundreds of functions
// that run a few thousand times each are compiled and never pay it back. `evaluate --engine duckdb` on
// the 1M-row bench CSV spent ~0.3 CPU-s compiling on the cores DuckDB was querying on, and grading a
// 2,109-row MetricTable ~0.4 CPU-s (of 1.1). 300 KB: those compilations mostly not made (−0.25 to
// −0.3 CPU-s per run, the main thread's own time unchanged); long runs still optimise their loops,
// a few ms later (README Performance, "--engine duckdb"). A tiering threshold only: no output changes.
// Only on the V8 it was measured on (11.x: Node 20, the platform; a V8 without the flag would print
// "unrecognized flag" on stderr, and a later one was not measured), and not when the user gave their
// own on node's command line.
if (/^11\./.test(process.versions.v8) && !process.execArgv.some((a) => a.includes('interrupt-budget'))) setFlagsFromString('--interrupt-budget=300000');

let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist')) throw e;
  // A checkout that was never built (a git clone without `npm install`, or scripts disabled).
  process.stderr.write('salesgrade: not built: dist/ is missing; run `npm run build` in the salesgrade folder\n');
  process.exit(2);
}
process.exitCode = await main(process.argv);
