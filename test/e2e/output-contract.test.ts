// One output contract across commands (issue 16, item 3), table-driven over every command that writes
// × every output flag: `-f` picks the payload on stdout; `-o FILE` writes that same payload to FILE
// (and nothing to stdout), its format following the extension when -f is not given; an extension that
// contradicts -f is exit 2; `-o` is never an input (also through a symlink) and its folder must exist —
// each refused before any output; the workbook is `-w [FILE]`, written by default only by
// `evaluate` with -f table and no -o.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, ownerDateAmountRubric, repoRoot, run, workdir } from './evaluate-helpers.js';

function dataCsv(): string {
  const rows = ['Owner,Date,Amount'];
  for (let i = 0; i < 24; i++) rows.push(`rep${i % 4},2026-07-${String(1 + (i % 28)).padStart(2, '0')},${100 * (1 + (i % 7))}`);
  return `${rows.join('\n')}\n`;
}

let w: { dir: string; cleanup: () => void };
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
  const rubric = ownerDateAmountRubric('Contract');
  w = workdir({ 'd.csv': dataCsv(), 'salesgrade.yaml': rubric, 'b.yaml': rubric.replace('min_score: 90', 'min_score: 50') });
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
});
afterAll(() => w.cleanup());

/** The files in the work folder (top level and samples/), to see exactly what a run wrote. */
function files(dir = w.dir): string[] {
  return [...readdirSync(dir), ...readdirSync(join(dir, 'samples')).map((n) => `samples/${n}`)].sort();
}

/** Runs in the shared work folder and returns what it wrote (new files), removing them afterwards. */
function runWriting(args: string[]): { status: number | null; stdout: string; stderr: string; wrote: Record<string, Buffer> } {
  const before = new Set(files());
  const r = run(w.dir, args);
  const wrote: Record<string, Buffer> = {};
  for (const f of files()) {
    if (before.has(f)) continue;
    wrote[f] = readFileSync(join(w.dir, f));
  }
  for (const f of Object.keys(wrote)) rmSync(join(w.dir, f), { recursive: true, force: true });
  return { ...r, wrote };
}

interface Command {
  name: string;
  args: string[];
  /** A non-default payload format and its extension; the table formats write .txt. */
  format?: [string, string];
  /** Another format's extension, which contradicts `format`. */
  otherExt: string;
  /** The workbook written with no output flag. */
  defaultWorkbook?: string;
  /** The workbook `-w` alone writes; undefined: the command has no workbook. */
  workbookName?: string;
  /** An input of the command, to point a symlink `-o` at. */
  input: string;
}

const COMMANDS: Command[] = [
  { name: 'evaluate', args: ['evaluate', 'd.csv'], format: ['json', '.json'], otherExt: '.md', defaultWorkbook: 'd.salesgrade.xlsx', workbookName: 'd.salesgrade.xlsx', input: 'd.csv' },
  { name: 'explain', args: ['explain', 'd.csv', '--rep', 'rep0'], otherExt: '.json', input: 'd.csv' },
  { name: 'quota', args: ['quota', '-r', 'samples/salesgrade.yaml', '--year', '2026'], format: ['csv', '.csv'], otherExt: '.json', workbookName: 'quotas.xlsx', input: 'samples/roster.xlsx' },
  { name: 'diff', args: ['diff', 'salesgrade.yaml', 'b.yaml', 'd.csv'], format: ['md', '.md'], otherExt: '.csv', input: 'b.yaml' },
  { name: 'calibrate', args: ['calibrate', 'salesgrade.yaml', 'd.csv', '--distribution', 'senior=50,junior=50'], format: ['json', '.json'], otherExt: '.csv', input: 'salesgrade.yaml' },
  { name: 'inspect', args: ['inspect', 'd.csv'], format: ['json', '.json'], otherExt: '.csv', input: 'd.csv' },
  { name: 'check', args: ['check', 'salesgrade.yaml'], format: ['json', '.json'], otherExt: '.csv', input: 'salesgrade.yaml' },
];

describe.each(COMMANDS)('$name: the output contract', (c) => {
  const ext = c.format?.[1] ?? '.txt';
  const formatArgs = c.format ? ['-f', c.format[0]] : [];

  it('-f: the payload on stdout, exit 0; a workbook only by default with the table format', () => {
    const r = runWriting([...c.args, ...formatArgs]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    if (c.format?.[0] === 'json') expect(() => JSON.parse(r.stdout)).not.toThrow();
    // -f json|csv|md writes no file; the table format writes the default workbook (evaluate only)
    expect(Object.keys(r.wrote)).toEqual(c.format ? [] : c.defaultWorkbook ? [c.defaultWorkbook] : []);
  });

  it(`-o out${ext}: the same payload in the file, nothing on stdout (the format from the extension)`, () => {
    const onStdout = runWriting([...c.args, ...formatArgs, '--no-color']);
    const r = runWriting([...c.args, '-o', `out${ext}`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    // in the report's language: the quota sample's rubric is zh-CN
    expect(r.stderr).toContain(`${c.name === 'quota' ? '已写入' : 'wrote'} out${ext}\n`);
    expect(Object.keys(r.wrote)).toEqual([`out${ext}`]);
    expect(r.wrote[`out${ext}`]!.toString('utf8')).toBe(onStdout.stdout);
  });

  it(`-o out${c.otherExt}${c.format ? ` -f ${c.format[0]}` : ''}: an extension that contradicts the format is exit 2, before any output`, () => {
    const r = runWriting([...c.args, ...formatArgs, '-o', `out${c.otherExt}`]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^salesgrade: -o out\\${c.otherExt}: [^\\n]+\\n$`));
    expect(r.wrote).toEqual({});
  });

  it('-o an input, through a symlink: refused before any output, the input unchanged', () => {
    const link = `link-to-input${ext}`;
    symlinkSync(join(w.dir, c.input), join(w.dir, link));
    const before = readFileSync(join(w.dir, c.input));
    try {
      const r = runWriting([...c.args, '-o', link]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      // in the report's language: the quota sample's rubric is zh-CN
      if (c.name === 'quota') expect(r.stderr).toMatch(/^salesgrade: link-to-input\.\w+: 拒绝在此写入输出：这是输入文件 .+（请用 -o 另选路径；salesgrade 从不修改输入文件）\n$/);
      else expect(r.stderr).toMatch(/^salesgrade: link-to-input\.\w+: refusing to write the output here: it is the input .+ \(choose another path with -o; salesgrade never modifies its inputs\)\n$/);
      expect(readFileSync(join(w.dir, c.input)).equals(before)).toBe(true);
    } finally {
      rmSync(join(w.dir, link), { force: true });
    }
  });

  it('-o into a folder that does not exist: one line, exit 2, before any output', () => {
    const r = runWriting([...c.args, '-o', `no/such/out${ext}`]);
    expect(r).toMatchObject({ status: 2, stdout: '', wrote: {} });
    expect(r.stderr).toBe(`salesgrade: no/such/out${ext}: cannot write the output: the folder does not exist (choose another path with -o)\n`);
  });

  it.skipIf(!c.workbookName)('-w: the workbook as well as the payload; -w FILE names it; --no-workbook none; -w not .xlsx is exit 2', () => {
    const a = runWriting([...c.args, ...formatArgs, '-w']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(0);
    expect(Object.keys(a.wrote)).toEqual([c.workbookName]);
    expect(a.wrote[c.workbookName!]!.subarray(0, 2).toString()).toBe('PK');
    const b = runWriting([...c.args, '-o', `out${ext}`, '-w', 'book.xlsx']);
    expect(b.status, b.stderr).toBe(0);
    expect(Object.keys(b.wrote).sort()).toEqual(['book.xlsx', `out${ext}`]);
    const none = runWriting([...c.args, '--no-workbook']);
    expect(none.status).toBe(0);
    expect(none.wrote).toEqual({});
    const bad = runWriting([...c.args, '-w', 'book.csv']);
    expect(bad).toMatchObject({ status: 2, stdout: '', wrote: {} });
    expect(bad.stderr).toMatch(/^salesgrade: -w book\.csv: the workbook is an \.xlsx file/);
  });
});

describe('a read-only working folder (issue 16)', () => {
  // chmod does not stop root: then run as nobody, for whom the folder is read-only.
  const asRoot = process.getuid?.() === 0;
  function runReadOnly(dir: string, args: string[]) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'salesgrade.js'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  let ro: { dir: string; cleanup: () => void };
  beforeAll(() => {
    ro = workdir({ 'd.csv': dataCsv(), 'salesgrade.yaml': ownerDateAmountRubric('Read-only') });
    mkdirSync(join(ro.dir, 'sub'));
    chmodSync(join(ro.dir, 'sub'), 0o555);
    chmodSync(ro.dir, 0o555);
  });
  afterAll(() => {
    chmodSync(ro.dir, 0o755);
    ro.cleanup();
  });

  it('evaluate -f json > file: the JSON and exit 0 (no workbook is written by default with -f json)', () => {
    const r = runReadOnly(ro.dir, ['evaluate', 'd.csv', '-f', 'json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).format).toBe('salesgrade-evaluation');
  });

  it('evaluate (table, whose default workbook cannot be written): exit 2 with one line before anything is printed', () => {
    const r = runReadOnly(ro.dir, ['evaluate', 'd.csv']);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: 'salesgrade: d.salesgrade.xlsx: cannot write the workbook: permission denied (choose another path with -w)\n',
    });
  });

  it('-o into a read-only folder, and -w: exit 2, one line, nothing printed', () => {
    for (const [args, line] of [
      [['evaluate', 'd.csv', '-o', 'sub/r.json'], 'salesgrade: sub/r.json: cannot write the output: permission denied (choose another path with -o)\n'],
      [['evaluate', 'd.csv', '-f', 'json', '-w', 'sub/b.xlsx'], 'salesgrade: sub/b.xlsx: cannot write the workbook: permission denied (choose another path with -w)\n'],
      [['check', '-o', 'sub/c.sarif'], 'salesgrade: sub/c.sarif: cannot write the output: permission denied (choose another path with -o)\n'],
    ] as const) {
      expect(runReadOnly(ro.dir, [...args]), args.join(' ')).toEqual({ status: 2, stdout: '', stderr: line });
    }
  });
});
