// Item 19 of issue 10: errors that misled. One test per message: each names the real cause.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { readEntries, zipParts } from '../unit/report/workbook-dump.js';
import { repoRoot, run, workdir } from './evaluate-helpers.js';

const bin = join(repoRoot, 'bin', 'salesgrade.js');
let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

const RUBRIC = `salesgrade: 1
name: Messages
locale: en
currency: USD
period: month
source:
  fields:
    rep: { headers: [Owner], type: text }
    date: { headers: [Date], type: date }
    amount: { headers: [Amount], type: money }
metrics:
  revenue: { sum: amount }
kpis:
  - { metric: revenue, weight: 100, target: 1000 }
tiers:
  - { id: senior, label: Senior, min_score: 90 }
  - { id: junior, label: Junior, min_score: 0 }
`;
const DATA = 'Owner,Date,Amount\nann,2026-07-01,5\n';

describe('errors name the real cause', () => {
  it('a header-only export: "a header row but no data rows", not "no row could be placed in a period"', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'h.csv': 'Owner,Date,Amount\n' });
    const r = run(w.dir, ['evaluate', 'h.csv', '--no-workbook']);
    expect([r.status, r.stderr]).toEqual([2, 'salesgrade: h.csv: the export has a header row but no data rows (export the data again with its rows)\n']);
  });

  it('every row excluded: says so, with the reasons', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'n.csv': 'Owner,Date,Amount\n,2026-07-01,5\n,2026-07-02,6\n' });
    const r = run(w.dir, ['evaluate', 'n.csv', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('salesgrade: n.csv: none of the 2 rows can be graded: every row was excluded (no-rep 2) (salesgrade inspect n.csv lists each excluded row and why)\n');
  });

  it('piped input (stdin): "cannot read from a pipe", not "the file is empty"', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC });
    writeFileSync(join(w.dir, 'd.csv'), DATA);
    // a shell pipe, as a user would type it: cat d.csv | salesgrade evaluate /dev/stdin
    const r = spawnSync('bash', ['-c', `cat d.csv | ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} evaluate /dev/stdin --no-workbook`], { cwd: w.dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^salesgrade: \/dev\/stdin: cannot read from a pipe \(standard input or a named pipe\): salesgrade reads exports from files/);
    // the way out that works today: `-` reads a piped export
    expect(r.stderr).toContain('an export piped in is read as -: … | salesgrade evaluate -');
  });

  it('an empty pipe into -: "nothing came in on standard input", not "<stdin>: the file is empty"', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC });
    const r = spawnSync('bash', ['-c', `true | ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} evaluate - --no-workbook`], { cwd: w.dir, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, 'salesgrade: <stdin>: nothing came in on standard input (-): the pipe was empty (check the command before the |)\n']);
  });

  it('a roster path that is a named pipe: refused at once, no hang', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': DATA });
    spawnSync('mkfifo', [join(w.dir, 'roster.csv')]);
    const r = spawnSync(process.execPath, [bin, 'evaluate', 'd.csv', '--roster', 'roster.csv', '--no-workbook'], { cwd: w.dir, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^salesgrade: roster\.csv: cannot read from a pipe/);
  });

  it('a roster that is not an export (/etc/passwd-like): its content is not echoed', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': DATA, 'passwd': 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n' });
    const r = run(w.dir, ['evaluate', 'd.csv', '--roster', 'passwd', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('root');
    expect(r.stderr).toContain('found no header row with column names (is this a roster export?)');
  });

  it('a roster with real headers still lists them', () => {
    w = workdir({ 'salesgrade.yaml': RUBRIC, 'd.csv': DATA, 'people.csv': 'Employee No,Dept\n1001,A\n' });
    const r = run(w.dir, ['evaluate', 'd.csv', '--roster', 'people.csv', '--no-workbook']);
    expect(r.stderr).toContain('found "Employee No", "Dept"');
  });

  it('an absolute extends path is shown as written', () => {
    w = workdir({ 'd.csv': DATA });
    writeFileSync(join(w.dir, 'salesgrade.yaml'), RUBRIC.replace('name: Messages', `name: Messages\nextends: ${join(w.dir, 'nope.yaml')}`));
    const r = run(w.dir, ['evaluate', 'd.csv', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`extends: cannot read "${join(w.dir, 'nope.yaml')}" (${join(w.dir, 'nope.yaml')}): no such file`);
  });

  it('a truncated workbook.xml: "the workbook lists no sheet", not "every sheet is hidden"', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Deals');
    ws.addRow(['Owner', 'Date', 'Amount']);
    ws.addRow(['ann', '2026-07-01', 5]);
    const entries = await readEntries(Buffer.from(await wb.xlsx.writeBuffer()));
    const parts = [...entries].map(([name, text]) => ({
      name,
      data: Buffer.from(name === 'xl/workbook.xml' ? text.slice(0, text.indexOf('<sheets>') + 10) : text, 'utf8'),
    }));
    w = workdir({ 'salesgrade.yaml': RUBRIC });
    writeFileSync(join(w.dir, 'cut.xlsx'), await zipParts(parts));
    const r = run(w.dir, ['evaluate', 'cut.xlsx', '--no-workbook']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('salesgrade: cut.xlsx: the workbook lists no sheet: its part xl/workbook.xml is damaged or cut short (open and save it again in Excel or WPS, or export it again)\n');
  });
});

describe('reader errors in the run\'s language (--locale, else the rubric\'s)', () => {
  const ZH = RUBRIC.replace('locale: en', 'locale: zh-CN');
  it.each([
    ['a missing export', [], 'nope.csv', 'salesgrade: nope.csv: 找不到文件\n', 'salesgrade: nope.csv: file not found\n'],
    ['an empty export', ['empty.csv'], 'empty.csv', 'salesgrade: empty.csv: 文件是空的\n', 'salesgrade: empty.csv: the file is empty\n'],
    [
      'no header row',
      ['nohead.csv'],
      'nohead.csv',
      'salesgrade: nohead.csv: 前 30 行中没有表头行（尝试过的分隔符：","）：应有类似 Owner、销售代表、负责人、销售 的列；实际为 a、b（请在 source.fields 中写明列名，或设置 source.header_row 或 source.delimiter）\n',
      'salesgrade: nohead.csv: no header row in the first 30 rows (delimiter tried: ","): expected a column like Owner, 销售代表, 负责人, 销售; found a, b (name the columns in source.fields, or set source.header_row or source.delimiter)\n',
    ],
  ] as const)('%s: a zh-CN rubric words it in Chinese, --locale en (or an en rubric) in English', (_, present, file, zh, en) => {
    const files: Record<string, string> = { 'salesgrade.yaml': ZH, 'en.yaml': RUBRIC };
    if (present.includes('empty.csv' as never)) files['empty.csv'] = '';
    if (present.includes('nohead.csv' as never)) files['nohead.csv'] = 'a,b\n1,2\n';
    w = workdir(files);
    expect(run(w.dir, ['evaluate', file, '--no-workbook'])).toMatchObject({ status: 2, stdout: '', stderr: zh });
    expect(run(w.dir, ['--locale', 'en', 'evaluate', file, '--no-workbook'])).toMatchObject({ status: 2, stderr: en });
    expect(run(w.dir, ['evaluate', file, '-r', 'en.yaml', '--no-workbook'])).toMatchObject({ status: 2, stderr: en });
    expect(run(w.dir, ['--locale', 'zh-CN', 'evaluate', file, '-r', 'en.yaml', '--no-workbook'])).toMatchObject({ status: 2, stderr: zh });
  });
});
