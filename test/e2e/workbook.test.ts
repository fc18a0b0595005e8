// The workbook end to end: `salesgrade evaluate` through the binary, the .xlsx read back.
// Formula-looking names from a CSV stay text; the data sheet mirrors the CSV lines with what each
// fed or why it was excluded; findings link to their cell; the bytes do not depend on the time zone.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { copyInto, repoRoot, run, workdir } from './evaluate-helpers.js';
import { dumpWorkbook, readEntries } from '../unit/report/workbook-dump.js';

const NAMES = ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", '@SUM(1)', '－1+1', '-2+3'];

function csv(): string {
  const rows = ['Deal ID,Rep,Date,Close Date,Amount,Stage,Activity Type'];
  rows.push('D1,Alice,2026-07-01,2026-07-10,"60,000",Won,');
  rows.push('D2,Alice,2026-07-02,2026-08-20,20000,Lost,');
  for (let i = 1; i <= 10; i++) rows.push(`,Alice,2026-08-${String(i).padStart(2, '0')},,,,Visit`);
  NAMES.forEach((n, i) => rows.push(`D${10 + i},"${n.replace(/"/g, '""')}",2026-07-1${i},2026-07-2${i},1000,Won,`));
  rows.push('D20,Bob,2026-07-05,2026-07-06,lots,Won,'); // line 19: a bad amount
  rows.push(',Bob,2026-05-01,,,,Visit'); // line 20: another period
  rows.push('Total,,,,"61,000",,'); // line 21
  return `${rows.join('\n')}\n`;
}

let w: { dir: string; cleanup: () => void } | undefined;
afterEach(() => w?.cleanup());
beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'main.js'))) throw new Error('run npm run build first');
});

function setup(): string {
  w = workdir({ 'q3.csv': csv() });
  copyInto(w.dir, 'test/fixtures/evaluate/salesgrade.yaml', 'salesgrade.yaml');
  copyInto(w.dir, 'test/fixtures/evaluate/roster.csv', 'roster.csv');
  return w.dir;
}

describe('the evaluate workbook', () => {
  it('keeps formula-looking names as text, mirrors the CSV lines, links findings to their cell', async () => {
    const dir = setup();
    const r = run(dir, ['evaluate', 'q3.csv', '--period', '2026-Q3', '-w', 'out.xlsx', '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const buf = readFileSync(join(dir, 'out.xlsx'));
    for (const [name, xml] of await readEntries(buf)) if (name.startsWith('xl/worksheets/sheet')) expect(xml, name).not.toMatch(/<f[ >]/);
    const dump = await dumpWorkbook(buf);
    expect(dump.map((s) => s.name)).toEqual(['Summary', 'Scorecard', 'Teams', 'Regions', 'Tier history', 'Findings', 'Data q3']);
    // the tier history: rep × period, the evaluated period last and in bold, with where each came from
    const hist = dump[4]!;
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1'].map((a) => hist.cells[a]!.v)).toEqual(['Rep', 'Team', 'Period', 'Score', 'Qualified tier', 'Tier', 'Movement', 'From']);
    expect(['A2', 'C2', 'D2', 'E2', 'F2', 'H2'].map((a) => hist.cells[a]!.v)).toEqual(['Alice', '2026-Q2', 0, 'Junior', 'Mid', 'the data · partly covered']);
    expect(['A3', 'C3', 'D3', 'E3', 'F3', 'G3'].map((a) => hist.cells[a]!.v)).toEqual(['Alice', '2026-Q3', 80, 'Mid', 'Mid', 'held']);
    expect(hist.cells.C3!.font).toBe('bold');
    expect(hist.frozen).toEqual({ x: 1, y: 1 });

    const scorecard = dump[1]!;
    const repNames = Object.entries(scorecard.cells)
      .filter(([a]) => /^A\d+$/.test(a) && Number(a.slice(1)) > 2)
      .map(([, c]) => c);
    for (const n of NAMES) expect(repNames).toContainEqual(expect.objectContaining({ v: n }));
    for (const c of repNames) expect(c.t).toBeUndefined(); // plain strings, no formula/rich/hyperlink

    const data = dump[6]!;
    expect(data.frozen).toEqual({ x: 0, y: 1 });
    // the header is CSV line 1, so every row sits at its own line number
    expect(['A1', 'B1', 'H1', 'I1', 'J1'].map((a) => data.cells[a]!.v)).toEqual(['Deal ID', 'Rep', 'Counted in', 'Excluded because', 'Source row']);
    expect(data.cells.B2!.v).toBe('Alice');
    expect(data.cells.H2!.v).toMatch(/revenue/);
    expect(data.cells.B14!.v).toBe(NAMES[0]);
    // CSV findings carry line:column, not a cell: the note and the link go to the row's first cell
    expect(data.cells.E19!.v).toBe('lots');
    expect(data.cells.A19).toMatchObject({ v: 'D20', fill: 'FFFDE2E1' });
    expect(data.cells.A19!.note).toMatch(/^bad-number: amount: expected an amount, found "lots"/);
    expect(data.cells.I19!.v).toMatch(/^bad value/);
    expect(data.cells.I19!.font).toBe('FF8C8C8C');
    expect(data.cells.I20!.v).toBe('out of period: 2026-Q2');
    expect(data.cells.I21!.v).toBe('totals row: Total');
    expect(data.cells.A21).toMatchObject({ v: 'Total', fill: 'FFF2F2F2' });

    const findings = dump[5]!;
    const badRow = Object.entries(findings.cells).find(([a, c]) => a.startsWith('B') && c.v === 'bad-number')![0].slice(1);
    expect(findings.links[`E${badRow}`]).toBe("'Data q3'!A19");
  });

  it('is byte-identical across runs and time zones, and leaves no temp file', () => {
    const dir = setup();
    // the suite's Pacific/Kiritimati (UTC+14, in-process) and Los Angeles (UTC-7, spawned): 21 hours apart,
    // offsets of both signs, so a date or zip time taken in local time differs between them (UTC, a third
    // zone and a second spawn, told nothing more)
    const hashes = ['Pacific/Kiritimati', 'America/Los_Angeles'].map((tz, i) => {
      const r = run(dir, ['evaluate', 'q3.csv', '-w', `out-${i}.xlsx`, '-q'], { TZ: tz });
      expect(r.status).toBe(0);
      return createHash('sha256').update(readFileSync(join(dir, `out-${i}.xlsx`))).digest('hex');
    });
    expect(new Set(hashes).size).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses the roster (an input) as output, and an output in a missing folder, in one line', () => {
    const dir = setup();
    const before = readFileSync(join(dir, 'q3.csv'));
    // a roster named .xlsx (refused before it is read: a .csv one is refused by the .xlsx rule of -o)
    writeFileSync(join(dir, 'roster.xlsx'), 'not read');
    const onRoster = run(dir, ['evaluate', 'q3.csv', '--roster', 'roster.xlsx', '-w', 'roster.xlsx', '-q']);
    expect(onRoster.status).toBe(2);
    expect(onRoster.stderr).toMatch(/^salesgrade: .*roster\.xlsx: refusing to write the workbook here: it is an input file \(choose another path with -w; salesgrade never modifies its inputs\)\n$/);
    const missing = run(dir, ['evaluate', 'q3.csv', '-w', 'no/such/dir/out.xlsx', '-q']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^salesgrade: .*out\.xlsx: cannot write the workbook: the folder does not exist \(choose another path with -w\)\n$/);
    expect(readFileSync(join(dir, 'q3.csv')).equals(before)).toBe(true);
    writeFileSync(join(dir, 'marker'), '');
    expect(readdirSync(dir).sort()).toEqual(['marker', 'q3.csv', 'roster.csv', 'roster.xlsx', 'salesgrade.yaml']);
  });
});
