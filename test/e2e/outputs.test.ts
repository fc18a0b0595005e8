// Outputs whole (issue 10, items 14, 15, 19): every write is checked (a full disk is exit 2 with one
// line, never exit 0 with half a payload or a raw ENOSPC stack); the workbook's place is checked before
// any input is read; a workbook too large to build is refused before the report goes to stdout. (An
// export past the spread limit of the stack through the default command: test/unit/cli/big-export.test.ts.)
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run, workdir, ownerDateAmountRubric } from './evaluate-helpers.js';

const bin = join(repoRoot, 'bin', 'salesgrade.js');
const hasDevFull = existsSync('/dev/full');

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

/** Runs the CLI with stdout or stderr sent to /dev/full (every write fails with ENOSPC). */
function runFull(args: string[], stream: 'stdout' | 'stderr'): { status: number | null; stdout: string; stderr: string } {
  const fd = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', stream === 'stdout' ? fd : 'pipe', stream === 'stderr' ? fd : 'pipe'],
    });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  } finally {
    closeSync(fd);
  }
}

const SAMPLE = ['evaluate', 'samples/east-china-2026.xlsx', '-r', 'samples/salesgrade.yaml', '--no-workbook'];

describe.skipIf(!hasDevFull)('a full disk (/dev/full)', () => {
  it('evaluate -f json > full disk: exit 2, one line naming the reason, no stack', () => {
    const r = runFull([...SAMPLE, '-f', 'json', '-q'], 'stdout');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('salesgrade: cannot write the output to stdout: the disk is full (ENOSPC); the output is incomplete\n');
  });

  it('the table report and check -f json alike', () => {
    for (const args of [[...SAMPLE, '-q'], ['check', 'rules/', '-f', 'json', '-q'], ['--help']]) {
      const r = runFull(args, 'stdout');
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^salesgrade: cannot write the output to stdout: the disk is full \(ENOSPC\)/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('stderr on a full disk: exit 2 even though the payload went out', () => {
    const r = runFull([...SAMPLE, '-f', 'json'], 'stderr');
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout).reps.length).toBeGreaterThan(0);
  });
});

// `-o /dev/full` (and `-o /dev/null`) renamed a temp file over the device: run as root it replaced the
// device node with a regular file and exited 0 (on /dev/full: no ENOSPC, nothing said). A device or a
// named pipe is written in place, every write checked; it stays what it was.
describe('-o and -w into a named pipe (a device or FIFO is written in place, never replaced)', () => {
  it.each([
    ['-o', 'pipe.json', ['-f', 'json', '-o', 'pipe.json', '--no-workbook'], (b: Buffer) => expect(JSON.parse(b.toString('utf8')).reps.length).toBeGreaterThan(0)],
    ['-w', 'pipe.xlsx', ['-q', '-w', 'pipe.xlsx'], (b: Buffer) => expect(b.subarray(0, 2).toString('latin1')).toBe('PK')],
  ] as const)('%s %s: the reader gets the payload, the pipe is still a pipe', async (_flag, pipe, args, check) => {
    w = workdir();
    if (spawnSync('mkfifo', [join(w.dir, pipe)]).status !== 0) return; // no mkfifo here
    const reader = spawn('sh', ['-c', `exec cat ${pipe} > got`], { cwd: w.dir, stdio: 'ignore' });
    try {
      // in-process (the CLI in a worker thread of this process, which blocks while it writes: the
      // reader is another process); the pipe, not the process, is what this case is about
      const r = run(w.dir, ['evaluate', join(repoRoot, 'samples/east-china-2026.xlsx'), '-r', join(repoRoot, 'samples/salesgrade.yaml'), ...args]);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('salesgrade:') && !l.includes('warning'))).toEqual([]);
      expect(r.status).toBe(0);
      expect(lstatSync(join(w.dir, pipe)).isFIFO()).toBe(true);
      // The reader's exit is an event: wait for it (a loop of spawnSync would block the event loop, so
      // the exit would never be seen and every run would wait out the deadline).
      await new Promise<void>((done) => {
        if (reader.exitCode !== null) return done();
        const timer = setTimeout(done, 10_000);
        reader.once('exit', () => {
          clearTimeout(timer);
          done();
        });
      });
      check(readFileSync(join(w.dir, 'got')));
    } finally {
      reader.kill();
    }
  }, 90_000);
});

function repsCsv(rows: number, reps: number): string {
  const out: string[] = ['Owner,Date,Amount'];
  for (let i = 0; i < rows; i++) out.push(`rep${i % reps},2026-07-${String(1 + (i % 28)).padStart(2, '0')},${(i % 997) + 1}`);
  return `${out.join('\n')}\n`;
}

const RUBRIC = ownerDateAmountRubric('Big');

describe('the workbook path is checked before any input is read', () => {
  it('a folder that does not exist: refused first (the missing data file is not even opened)', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC });
    const r = run(w.dir, ['evaluate', 'not-there.csv', '-w', 'no/such/folder/out.xlsx']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('salesgrade: no/such/folder/out.xlsx: cannot write the workbook: the folder does not exist (choose another path with -w)\n');
  });

  it('a path that is a folder, and a path that is an input: refused before reading', () => {
    // an input named .xlsx (a roster, refused before it is read); an input named .csv is refused
    // earlier by the .xlsx rule of -o (see evaluate.test.ts)
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': repsCsv(3, 2), 'team.xlsx': 'not read' });
    mkdirSync(join(w.dir, 'out.xlsx'));
    const a = run(w.dir, ['evaluate', 'missing.csv', '-w', 'out.xlsx']);
    expect(a.stderr).toBe('salesgrade: out.xlsx: cannot write the workbook: the path is a folder (choose another path with -w)\n');
    const b = run(w.dir, ['evaluate', 'd.csv', '--roster', 'team.xlsx', '-w', 'team.xlsx']);
    expect(b.stderr).toMatch(/^salesgrade: team\.xlsx: refusing to write the workbook here: it is an input file/);
    expect([a.status, b.status, a.stdout, b.stdout]).toEqual([2, 2, '', '']);
  });

  it('quota -o into a missing folder: refused before the rubric is read', () => {
    w = workdir({});
    const r = run(w.dir, ['quota', '-r', 'missing.yaml', '-w', 'nope/q.xlsx']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('salesgrade: nope/q.xlsx: cannot write the workbook: the folder does not exist (choose another path with -w)\n');
  });
});
