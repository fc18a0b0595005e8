// Shared by the e2e tests: a temp working directory, the CLI run in it with colour off, and output
// normalised (versions, sha256) so goldens are stable.
//
// `run()` calls the built CLI's `main(argv, io)` in a worker thread of this test process (see
// cli-worker.mjs): no node start-up and module loading per case, and still synchronous. It falls back
// to spawning `node bin/salesgrade.js` when the case needs its own process (a TZ other than the
// suite's). `spawnRun()` always spawns: the smoke tests of the real binary (bin shim, exit codes, TZ)
// use it. Both need `npm run build` first (pretest does it).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

export { ownerDateAmountRubric } from '../big-inputs.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const bin = join(repoRoot, 'bin', 'salesgrade.js');
const distMain = join(repoRoot, 'dist', 'cli', 'main.js');

/** The time zone every e2e case runs in unless it asks for another (set for the suite in vitest.config.ts). */
export const suiteTimeZone = 'Pacific/Kiritimati';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runEnv(env: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', TZ: suiteTimeZone, ...env };
}

/** The CLI as a user runs it: `node bin/salesgrade.js args…` in `cwd`. */
export function spawnRun(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: runEnv(env) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Several CLI runs in one spawned node process (runs-in-one-process.mjs: `main(argv, io)` of dist/ for
 * each, in turn), which must then end by itself: for cases whose point is that nothing a run leaves
 * behind keeps the process alive (a DuckDB worker), at one node start-up and one load of dist/ for all
 * of them instead of one per case. Throws if the process does not end within `timeoutMs`.
 */
export function spawnRuns(cwd: string, cases: string[][], env: Record<string, string> = {}, timeoutMs = 60_000): Run[] {
  const driver = fileURLToPath(new URL('./runs-in-one-process.mjs', import.meta.url));
  const r = spawnSync(process.execPath, [driver, pathToFileURL(distMain).href], { cwd, encoding: 'utf8', env: runEnv(env), input: JSON.stringify(cases), timeout: timeoutMs });
  if (r.error || r.status !== 0) throw new Error(`the process running ${cases.length} cases did not end by itself (${r.error ? String(r.error) : `status ${r.status}, signal ${r.signal}`}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Run[];
}

/** One CLI worker per stack size (MB), kept for the test process. */
const workers = new Map<number, Worker>();

/** Node's stack in MB (a worker's default is 4 MB): the CLI worker's unless a run asks for another. */
export const NODE_STACK_MB = 1;

function cliWorker(stackSizeMb: number): Worker {
  const existing = workers.get(stackSizeMb);
  if (existing) return existing;
  if (!existsSync(distMain)) throw new Error(`${distMain} is missing: run \`npm run build\` first (npm test does)`);
  // A 1 MB stack by default, as the node process has (a worker's default is 4 MB): an argument spread
  // over a big export overflows here as it would for a user.
  const worker = new Worker(new URL('./cli-worker.mjs', import.meta.url), {
    workerData: { mainUrl: pathToFileURL(distMain).href },
    execArgv: [],
    resourceLimits: { stackSizeMb },
  });
  worker.unref();
  workers.set(stackSizeMb, worker);
  return worker;
}

const RUN_TIMEOUT_MS = 120_000;

/**
 * `main(['node', 'salesgrade', ...args], io)` in this process, with io.cwd = `cwd` and io.env as a spawn
 * would get; in a worker with node's 1 MB stack unless `stackSizeMb` says otherwise. `input` is what
 * the run reads on stdin (`-`); without it stdin is an empty pipe, as for spawnSync.
 */
export function runInProcess(cwd: string, args: string[], env: Record<string, string> = {}, stackSizeMb = NODE_STACK_MB, input?: Buffer | string): Run {
  const w = cliWorker(stackSizeMb);
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  w.postMessage({ port: port2, flag, argv: [process.execPath, bin, ...args], cwd, env: runEnv(env), ...(input !== undefined ? { input } : {}) }, [port2]);
  const waited = Atomics.wait(flag, 0, 0, RUN_TIMEOUT_MS);
  const reply = receiveMessageOnPort(port1)?.message as (Run & { loadError?: string }) | undefined;
  port1.close();
  if (waited === 'timed-out' || !reply) {
    void w.terminate();
    workers.delete(stackSizeMb);
    throw new Error(`salesgrade ${args.join(' ')}: no result in ${RUN_TIMEOUT_MS / 1000} s`);
  }
  if (reply.loadError !== undefined) throw new Error(`cannot load ${distMain}: ${reply.loadError}`);
  return reply;
}

/** The CLI run in `cwd`: in-process, unless the case needs a process of its own (another TZ). */
export function run(cwd: string, args: string[], env: Record<string, string> = {}): Run {
  const tz = env.TZ ?? suiteTimeZone;
  if (tz !== process.env.TZ) return spawnRun(cwd, args, env);
  return runInProcess(cwd, args, env);
}

export function workdir(files: Record<string, string> = {}): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-eval-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function copyInto(dir: string, from: string, to: string): void {
  cpSync(join(repoRoot, from), join(dir, to), { recursive: true });
}

/** Replace sha256 digests and the package version so goldens survive unrelated changes. */
export function normalise(text: string): string {
  return text.replace(/\b[0-9a-f]{64}\b/g, '<sha256>').replace(/"salesgradeVersion": "[^"]+"/g, '"salesgradeVersion": "<version>"');
}

/** A one-KPI monthly rubric over Rep, Date and Amount (revenue against `target`, tiers at 100 and 0). */
export function oneKpiRubric(target = '1000'): string {
  return `salesgrade: 1
name: T
locale: en
currency: CNY
period: month
source:
  fields:
    rep: [Rep]
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: ${target} }
tiers:
  - { id: a, min_score: 100 }
  - { id: b, min_score: 0 }
`;
}
