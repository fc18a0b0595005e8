// The CLI in a worker thread, for test/e2e/evaluate-helpers.ts `run()`: the built dist/cli/main.js is
// loaded once per test file and each run calls `main(argv, io)` with in-memory stdout/stderr, the
// test's cwd and env. The test thread blocks on a shared flag until the run has finished, so `run()`
// stays synchronous like the spawnSync it replaces, without starting a node process (and loading
// exceljs) for every case. Plain JS: a worker cannot load TypeScript.
import { parentPort, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { format } from 'node:util';

/** @type {((argv: string[], io: object) => Promise<number>) | undefined} */
let main;
/** @type {string | undefined} */
let loadError;
try {
  ({ main } = await import(workerData.mainUrl));
} catch (e) {
  loadError = format(e);
}

/**
 * What `-` reads: the bytes the test pipes in, or an empty pipe (spawnSync without `input`).
 * @param {Uint8Array | string | undefined} input
 */
function stdinOf(input) {
  return Readable.from(input === undefined ? [] : [Buffer.from(input)]);
}

/** @type {null | { stderr: string[], errors: string[] }} */
let current = null;
// What the node process would print and exit 1 for; counted against the run in progress.
process.on('uncaughtException', (err) => current?.errors.push(format(err)));
process.on('unhandledRejection', (err) => current?.errors.push(format(err)));

/** @param {boolean} isTTY */
function writer(isTTY) {
  /** @type {string[]} */
  const chunks = [];
  return { chunks, writer: { write: (/** @type {string} */ s) => void chunks.push(String(s)), isTTY } };
}

parentPort.on('message', async (/** @type {{ port: MessagePort, flag: Int32Array, argv: string[], cwd: string, env: Record<string, string>, stdoutTTY?: boolean, input?: Uint8Array | string }} */ req) => {
  const out = writer(Boolean(req.stdoutTTY));
  const err = writer(false);
  current = { stderr: err.chunks, errors: [] };
  let status;
  if (!main) {
    req.port.postMessage({ loadError });
    req.port.close();
    Atomics.store(req.flag, 0, 1);
    Atomics.notify(req.flag, 0);
    return;
  }
  try {
    status = await main(req.argv, { stdout: out.writer, stderr: err.writer, env: req.env, cwd: req.cwd, now: () => new Date(), stdin: stdinOf(req.input) });
    // Let promises a command left behind settle (and fail) inside this run, as they would before exit.
    await new Promise((r) => setImmediate(r));
  } catch (e) {
    current.errors.push(format(e));
  }
  const errors = current.errors;
  current = null;
  if (errors.length) {
    err.chunks.push(...errors.map((e) => `${e}\n`));
    status = 1;
  }
  req.port.postMessage({ status, stdout: out.chunks.join(''), stderr: err.chunks.join('') });
  req.port.close();
  Atomics.store(req.flag, 0, 1);
  Atomics.notify(req.flag, 0);
});
