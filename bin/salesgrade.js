#!/usr/bin/env node
// Thin shim: the CLI returns an exit code, only this file sets it.
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
