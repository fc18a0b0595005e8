// A node process that runs several CLI cases one after the other, each as `main(argv, io)` of the built
// dist/cli/main.js with its own in-memory stdout/stderr, prints their results as JSON and then ends by
// itself — never `process.exit`: what a run leaves behind (a DuckDB worker thread not closed, a ref'd
// handle) keeps the process alive, as it keeps `node bin/salesgrade.js` alive, so the caller's spawn
// does not end. For test/e2e/evaluate-helpers.ts `spawnRuns()`: one node start-up and one load of dist/
// (and of `@duckdb/node-api`) for many cases whose point is that the process ends. Plain JS.
// Usage: node runs-in-one-process.mjs <dist main URL>, the cases' argv lists as JSON on stdin.
import { format } from 'node:util';
import { Readable } from 'node:stream';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
/** @type {string[][]} */
const cases = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { main } = await import(process.argv[2]);

/** @type {string[] | null} */
let errors = null;
// What the node process would print and exit 1 for; counted against the run in progress.
process.on('uncaughtException', (err) => errors?.push(format(err)));
process.on('unhandledRejection', (err) => errors?.push(format(err)));

const results = [];
for (const args of cases) {
  const out = [];
  const err = [];
  errors = [];
  let status;
  try {
    status = await main([process.execPath, 'salesgrade', ...args], {
      stdout: { write: (s) => void out.push(String(s)), isTTY: false },
      stderr: { write: (s) => void err.push(String(s)), isTTY: false },
      env: process.env,
      cwd: process.cwd(),
      now: () => new Date(),
      stdin: Readable.from([]),
    });
    await new Promise((r) => setImmediate(r));
  } catch (e) {
    errors.push(format(e));
  }
  if (errors.length) {
    err.push(...errors.map((e) => `${e}\n`));
    status = 1;
  }
  errors = null;
  results.push({ status, stdout: out.join(''), stderr: err.join('') });
}
process.stdout.write(JSON.stringify(results));
