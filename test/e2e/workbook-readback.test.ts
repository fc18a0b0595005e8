// Issue 15, "Reading it" → Workbook: the workbooks the shipped samples give (evaluate in zh-CN and en,
// with and without --as-of, with the roster and levels; a rep statement; the quota plan), read back
// with exceljs as a spreadsheet program would, sheet by sheet: every sheet prints well, Teams and
// Regions show attainment %, data sheets keep real dates and the source's number formats, no note
// shows an unrounded decimal; the quota workbook keeps the ramp mark out of the name cell, start dates
// as dates, one font. (What they look like was checked by eye in LibreOffice: see the README,
// "The workbook".)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDateFormatCode } from '../../src/io/xlsx-read.js';
import { openSafeZip } from '../../src/io/zip.js';
import { copyInto, run, workdir } from './evaluate-helpers.js';

let w: { dir: string; cleanup: () => void };
const books = new Map<string, ExcelJS.Workbook>();
const files = new Map<string, string>();

// name → how it is made (cwd below the temp dir, arguments)
const EVALUATE: Record<string, [string, string[]]> = {
  // the rep statements come from the same runs as the workbooks (byte for byte those of a --no-workbook run)
  'zh-CN': ['samples', ['evaluate', 'east-china-2026.xlsx', '-r', 'salesgrade.yaml', '-f', 'json', '-q', '--statements', '../st-zh', '-w', '../zh-CN.xlsx']],
  'zh-CN --as-of': ['samples', ['evaluate', 'east-china-2026.xlsx', '-r', 'salesgrade.yaml', '-f', 'json', '-q', '--as-of', '2026-08-15', '-w', '../zh-CN-asof.xlsx']],
  'zh-CN --locale en': ['samples', ['--locale', 'en', 'evaluate', 'east-china-2026.xlsx', '-r', 'salesgrade.yaml', '-f', 'json', '-q', '-w', '../zh-CN-en.xlsx']],
  en: ['samples', ['evaluate', 'inside-sales-2026.csv', '-r', 'inside-sales.yaml', '-f', 'json', '-q', '--statements', '../st-en', '-w', '../en.xlsx']],
  'en --as-of': ['samples', ['evaluate', 'inside-sales-2026.csv', '-r', 'inside-sales.yaml', '-f', 'json', '-q', '--as-of', '2026-07-15', '-w', '../en-asof.xlsx']],
};
const QUOTA: Record<string, [string, string[]]> = {
  quota: ['quota', ['quota', '--year', '2026', '--by', 'month', '-f', 'json', '-w', '../quota.xlsx']],
  'quota --locale en': ['quota', ['--locale', 'en', 'quota', '--year', '2026', '--by', 'quarter', '-f', 'json', '-w', '../quota-en.xlsx']],
};

async function load(name: string, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  books.set(name, wb);
  files.set(name, path);
}

beforeAll(async () => {
  w = workdir();
  copyInto(w.dir, 'samples', 'samples');
  copyInto(w.dir, 'rules', 'rules');
  copyInto(w.dir, 'test/fixtures/quota', 'quota');
  for (const [name, [cwd, args]] of Object.entries({ ...EVALUATE, ...QUOTA })) {
    const r = run(join(w.dir, cwd), args);
    expect(r.status, `${name}: ${r.stderr}`).toBe(0);
    await load(name, join(w.dir, cwd, args.at(-1)!));
  }
  for (const [name, folder] of [
    ['statements zh-CN', 'st-zh'],
    ['statements en', 'st-en'],
  ] as const) {
    const dir = join(w.dir, folder);
    const made = readdirSync(dir).filter((x) => x.endsWith('.xlsx'));
    expect(made.length, name).toBeGreaterThan(5);
    for (const f of made) await load(`${name} ${f}`, join(dir, f));
  }
}, 180_000);
afterAll(() => w.cleanup());

const evaluateBooks = () => Object.keys(EVALUATE).map((n) => [n, books.get(n)!] as const);
const textOf = (note: ExcelJS.Cell['note']): string => (typeof note === 'string' ? note : (note?.texts ?? []).map((t) => t.text).join(''));
/** Column number of the header `text` in row `row`. */
function columnOf(ws: ExcelJS.Worksheet, row: number, text: string): number {
  let found = 0;
  ws.getRow(row).eachCell((c, n) => {
    if (!found && c.value === text) found = n;
  });
  expect(found, `${ws.name}: no column "${text}" in row ${row}`).toBeGreaterThan(0);
  return found;
}

describe('every sheet prints well', () => {
  it('evaluate: every sheet fits one page wide, wide sheets landscape, table headers repeated on every page', () => {
    for (const [name, wb] of evaluateBooks()) {
      expect(wb.worksheets.length).toBeGreaterThan(4);
      for (const ws of wb.worksheets) {
        const p = ws.pageSetup;
        const where = `${name} / ${ws.name}`;
        expect(p.fitToPage, where).toBe(true);
        expect(p.fitToWidth, where).toBe(1);
        expect(p.fitToHeight, where).toBe(0); // as many pages down as it takes
        const first = wb.worksheets[0] === ws;
        const portrait = first || /history|历史/i.test(ws.name);
        expect(p.orientation, where).toBe(portrait ? 'portrait' : 'landscape');
        if (!first) expect(p.printTitlesRow, where).toMatch(/^\d+:\d+$/);
      }
    }
  });

  it('statements: landscape, one page wide; text longer than its column wraps in a row tall enough', () => {
    const statements = [...books.entries()].filter(([n]) => n.startsWith('statements'));
    expect(statements.length).toBeGreaterThanOrEqual(2 * 6);
    for (const [name, wb] of statements) {
      const ws = wb.worksheets[0]!;
      expect(ws.pageSetup, name).toMatchObject({ fitToPage: true, fitToWidth: 1, orientation: 'landscape' });
      ws.eachRow((row) => {
        row.eachCell((c) => {
          const width = ws.getColumn(c.col).width ?? 9;
          if (typeof c.value === 'string' && c.value.length > width * 1.2 && !['title', 'section'].includes(String(c.font?.size))) {
            // a wrapped cell: long text is never cut at its column's edge
            if (row.number > 1 && !c.font?.bold) expect(c.alignment?.wrapText, `${name} ${c.address}`).toBe(true);
          }
        });
      });
      for (const width of ws.columns.map((c) => c.width ?? 0)) expect(width).toBeLessThanOrEqual(36);
    }
  });

  it('quota: level sheets landscape, one page wide, header and working days on every page; Notes one page wide', () => {
    for (const name of Object.keys(QUOTA)) {
      const wb = books.get(name)!;
      const [notes, ...levels] = [...wb.worksheets].reverse();
      for (const ws of levels) {
        expect(ws.pageSetup, `${name} / ${ws.name}`).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0, orientation: 'landscape', printTitlesRow: '2:3' });
      }
      expect(notes!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, orientation: 'portrait' });
      // each note line wraps in the column (the holiday list ran past the page)
      notes!.eachRow((row, n) => {
        if (n > 1) expect(row.getCell(1).alignment?.wrapText, `${name} Notes A${n}`).toBe(true);
      });
    }
  });
});

describe('Teams and Regions show attainment %', () => {
  it('every KPI group of every Teams / Regions sheet has an attainment column of percent cells', () => {
    let sheets = 0;
    for (const [name, wb] of evaluateBooks()) {
      for (const ws of wb.worksheets.filter((s) => /^(Teams|Regions|团队|区域)$/.test(s.name))) {
        sheets++;
        const label = /[团区]/.test(ws.name) ? '达成率' : 'Attainment';
        const kpiGroups = new Set<string>();
        ws.getRow(1).eachCell((c) => {
          if (typeof c.value === 'string' && !/tier|等级/i.test(c.value)) kpiGroups.add(c.value);
        });
        const attainmentCols: number[] = [];
        ws.getRow(2).eachCell((c, n) => {
          if (c.value === label) attainmentCols.push(n);
        });
        expect(attainmentCols.length, `${name} / ${ws.name}`).toBe(kpiGroups.size);
        for (const col of attainmentCols) {
          let numbers = 0;
          for (let r = 3; r <= ws.rowCount; r++) {
            const c = ws.getCell(r, col);
            if (typeof c.value !== 'number') continue;
            numbers++;
            expect(c.numFmt, `${name} / ${ws.name} ${c.address}`).toMatch(/%$/);
          }
          // (a KPI without a target at this level, like new customers by region, has none)
          let targets = 0;
          for (let r = 3; r <= ws.rowCount; r++) if (typeof ws.getCell(r, col - 1).value === 'number') targets++;
          if (targets > 0) expect(numbers, `${name} / ${ws.name} column ${col}`).toBeGreaterThan(0);
        }
      }
    }
    // zh-CN: Teams (graded by levels) and Regions (the roll-up); en: Teams and Regions
    expect(sheets).toBe(2 * 5);
  });

  it('an ungraded level attainment is the summed actual over the summed target, said in its note', () => {
    const ws = books.get('en')!.getWorksheet('Teams')!;
    for (let r = 3; r <= ws.rowCount; r++) {
      const [actual, target, attainment] = [ws.getCell(r, 5).value, ws.getCell(r, 6).value, ws.getCell(r, 7)];
      expect(attainment.value).toBeCloseTo(Number(actual) / Number(target), 12);
      expect(textOf(attainment.note)).toMatch(/^[\d,]+ ÷ [\d,]+ = \d+\.\d% \(the members summed\)$/);
    }
  });
});

describe('a distinct count has no group attainment, and the workbook says why', () => {
  it('Regions: new customers (distinct) shows its union count, "—" for target and attainment, each with a note why (zh-CN and en)', () => {
    for (const [name, sheet, kpi, why] of [
      ['zh-CN', '区域', '新客户数', /^去重计数没有团队\/区域达成率：团队的计数是成员取值的并集.*如需考评，请在 levels 中为该层级设定目标/],
      ['zh-CN --locale en', 'Regions', 'New customers', /^no group attainment for a distinct count: the group's count is the union of its members' values.*give the level its own target/],
    ] as const) {
      const ws = books.get(name)!.getWorksheet(sheet)!;
      let first = 0;
      ws.getRow(1).eachCell((c, n) => {
        if (!first && c.value === kpi) first = n;
      });
      expect(first, `${name}: no "${kpi}" group`).toBeGreaterThan(0);
      expect(ws.rowCount).toBeGreaterThan(2);
      for (let r = 3; r <= ws.rowCount; r++) {
        expect(typeof ws.getCell(r, first).value, `${name} ${ws.getCell(r, first).address}`).toBe('number'); // the union count
        for (const c of [ws.getCell(r, first + 1), ws.getCell(r, first + 2)]) {
          expect(c.value, `${name} ${c.address}`).toBe('—');
          expect(textOf(c.note).split('\n').at(-1), `${name} ${c.address}`).toMatch(why);
        }
      }
      // a summed KPI beside it keeps its attainment and no such note
      const visits = ws.getCell(3, first + 5);
      expect(typeof visits.value).toBe('number');
      expect(textOf(visits.note)).not.toMatch(why);
    }
  });
});

describe('managers in the workbook', () => {
  it('zh-CN Teams: the manager named, the tier label (not its id), the level KPIs with their weights', () => {
    for (const name of ['zh-CN', 'zh-CN --locale en']) {
      const ws = books.get(name)!.worksheets[2]!;
      const en = name.endsWith('en');
      const managerCol = columnOf(ws, 2, en ? 'Manager' : '经理');
      const tierCol = columnOf(ws, 2, en ? 'Tier' : '等级');
      const managers: string[] = [];
      const tiers: string[] = [];
      for (let r = 3; r <= ws.rowCount; r++) {
        managers.push(String(ws.getCell(r, managerCol).value));
        tiers.push(String(ws.getCell(r, tierCol).value));
      }
      expect(managers).toEqual(['陈静', '赵磊', '朱勇', '孙莉', '—']);
      for (const t of tiers.slice(0, -1)) expect(t).toMatch(en ? /^[ABC] (strong|on target|improve)$/ : /^[ABC] (优秀|达标|待改进)$/);
      expect(tiers.at(-1)).toBe('—'); // (unassigned) is listed, never graded
      const groups = new Set<string>(); // (a merged cell reads back on each of its cells)
      ws.getRow(1).eachCell((c) => groups.add(String(c.value)));
      // the level's own KPIs (revenue 70, win rate 30), not the reps' four
      expect([...groups].filter((g) => /\(\d+%\)$/.test(g)).map((g) => g.replace(/^.* \((\d+%)\)$/, '$1'))).toEqual(['70%', '30%']);
    }
  });
});

describe('the Summary sheet names the managers', () => {
  it('the team roll-up has a manager column beside the team (zh-CN and en headers), as the Teams sheet shows them', () => {
    for (const name of ['zh-CN', 'zh-CN --locale en']) {
      const en = name.endsWith('en');
      const summary = books.get(name)!.worksheets[0]!;
      const teams = books.get(name)!.worksheets[2]!;
      let head = 0;
      summary.eachRow((row, n) => {
        if (!head && row.getCell(1).value === (en ? 'Team' : '团队')) head = n;
      });
      expect(head, `${name}: no team roll-up`).toBeGreaterThan(0);
      expect([1, 2, 3, 4, 5].map((c) => summary.getCell(head, c).value)).toEqual(en ? ['Team', 'Manager', 'Members', 'Score', 'Tier'] : ['团队', '经理', '成员', '总分', '等级']);
      const rows: unknown[][] = [];
      for (let r = head + 1; summary.getCell(r, 1).value; r++) rows.push([1, 2, 3, 4, 5].map((c) => summary.getCell(r, c).value));
      // the same teams, managers, members and tiers as the Teams sheet
      const managerCol = columnOf(teams, 2, en ? 'Manager' : '经理');
      const membersCol = columnOf(teams, 2, en ? 'Members' : '成员');
      const tierCol = columnOf(teams, 2, en ? 'Tier' : '等级');
      const expected: unknown[][] = [];
      for (let r = 3; r <= teams.rowCount; r++) expected.push([teams.getCell(r, 1).value, teams.getCell(r, managerCol).value, teams.getCell(r, membersCol).value, teams.getCell(r, tierCol).value]);
      expect(rows.map(([team, manager, members, , tier]) => [team, manager, members, tier])).toEqual(expected);
      expect(rows.map((r) => r[1])).toEqual(['陈静', '赵磊', '朱勇', '孙莉', '—']);
      // the score note explains each level KPI once, in the report's language
      const note = textOf(summary.getCell(head + 1, 4).note).split('\n');
      expect(note).toHaveLength(2);
      expect(note[0]).toMatch(en ? /^Revenue won ¥7,124,200 ÷ target ¥4,800,000 = 148\.4%/ : /^赢单金额 ¥7,124,200 ÷ 目标 ¥4,800,000 = 148\.4%/);
    }
  });
});

describe('data sheets keep real dates and the number formats of the source', () => {
  it('zh-CN (XLSX): date cells are dates with a date format, the amounts keep #,##0, a date typed as text stays text', () => {
    for (const name of ['zh-CN', 'zh-CN --as-of', 'zh-CN --locale en']) {
      const wb = books.get(name)!;
      const ws = wb.worksheets.at(-1)!;
      expect(ws.name).toMatch(/商机明细$/);
      const dateCol = columnOf(ws, 3, '活动日期');
      const closeCol = columnOf(ws, 3, '结单日期');
      const amountCol = columnOf(ws, 3, '金额');
      let dates = 0;
      let texts = 0;
      let amounts = 0;
      for (let r = 4; r <= ws.rowCount; r++) {
        for (const col of [dateCol, closeCol]) {
          const c = ws.getCell(r, col);
          if (c.value instanceof Date) {
            dates++;
            expect(isDateFormatCode(c.numFmt), `${name} ${c.address} ${c.numFmt}`).toBe(true);
          } else if (typeof c.value === 'string') texts++;
          else expect(c.value, `${name} ${c.address}`).toBeNull();
        }
        const a = ws.getCell(r, amountCol);
        if (typeof a.value === 'number') {
          amounts++;
          expect(a.numFmt, `${name} ${a.address}`).toBe('#,##0');
        }
      }
      expect(dates).toBeGreaterThan(2000);
      expect(texts).toBeGreaterThan(0); // the export's own text dates (2026/4/1, 2026年4月1日) stay as they were
      expect(amounts).toBeGreaterThan(400);
      // the first data row: 2026-04-01 in the source is 2026-04-01 here
      expect((ws.getCell(4, dateCol).value as Date).toISOString()).toBe('2026-04-01T00:00:00.000Z');
    }
  });

  it('en (CSV): the Date column of a date field is date cells; other columns stay as read', () => {
    for (const name of ['en', 'en --as-of']) {
      const ws = books.get(name)!.worksheets.at(-1)!;
      const dateCol = columnOf(ws, 1, 'Date');
      let dates = 0;
      for (let r = 2; r <= ws.rowCount; r++) {
        const c = ws.getCell(r, dateCol);
        if (c.value === null) continue;
        expect(c.value, `${name} ${c.address}`).toBeInstanceOf(Date);
        expect(c.numFmt).toBe('yyyy-mm-dd');
        dates++;
      }
      expect(dates).toBeGreaterThan(3000);
      expect(ws.getCell(2, dateCol).value).toEqual(new Date('2026-07-08T00:00:00.000Z'));
      expect(ws.getCell(2, columnOf(ws, 1, 'Activity ID')).value).toBe('A-10001');
    }
  });
});

describe('no note shows an unrounded decimal', () => {
  it('every note of every sheet of every sample workbook, and every statement cell, has at most 6 decimals', () => {
    let notes = 0;
    const long = /\d\.\d{7,}/;
    for (const [name, wb] of books) {
      for (const ws of wb.worksheets) {
        ws.eachRow((row) =>
          row.eachCell((c) => {
            const note = textOf(c.note);
            if (note) {
              notes++;
              expect(note, `${name} / ${ws.name} ${c.address}`).not.toMatch(long);
            }
            if (name.startsWith('statements') && typeof c.value === 'string') expect(c.value, `${name} ${c.address}`).not.toMatch(long);
          }),
        );
      }
    }
    expect(notes).toBeGreaterThan(1000);
  });

  it('the tier gates read in the metric unit: csat to 2 decimals, win rate as a percent', () => {
    const sc = books.get('zh-CN')!.worksheets[1]!;
    const gates: string[] = [];
    sc.eachRow((row) => row.eachCell((c) => gates.push(...textOf(c.note).split('\n').filter((l) => l.includes('门槛 csat')))));
    expect(gates.length).toBeGreaterThan(0);
    for (const g of gates) expect(g).toMatch(/^高级 门槛 csat ≥ 4\.2：实际 (\d(\.\d{1,2})?|无数据) → (通过|未通过)$/);
    expect(gates.some((g) => /实际 \d\.\d\d →/.test(g))).toBe(true); // an average, rounded
    const en = books.get('en')!.worksheets[1]!;
    const rates: string[] = [];
    en.eachRow((row) => row.eachCell((c) => rates.push(...textOf(c.note).split('\n').filter((l) => l.includes('gate win_rate')))));
    expect(rates.length).toBeGreaterThan(0);
    for (const g of rates) expect(g).toMatch(/^Senior gate win_rate ≥ 30\.0%: \d+\.\d% → (passed|failed)$/);
  });
});

describe('the quota workbook', () => {
  it('the name cell holds the name alone; the start date is a date cell; the ramp in its own column', () => {
    for (const name of Object.keys(QUOTA)) {
      const ws = books.get(name)!.getWorksheet(name.endsWith('en') ? 'Reps' : '销售代表')!;
      const start = columnOf(ws, 2, name.endsWith('en') ? 'Start date' : '入职日期');
      let dated = 0;
      for (let r = 4; r <= ws.rowCount; r++) {
        const a = ws.getCell(r, 1).value;
        if (typeof a === 'string') expect(a, `${name} A${r}`).not.toMatch(/\*|\s$/);
        const s = ws.getCell(r, start);
        if (s.value === null || s.value === undefined) continue;
        expect(s.value, `${name} ${s.address}`).toBeInstanceOf(Date);
        expect(s.numFmt).toBe('yyyy-mm-dd');
        dated++;
      }
      expect(dated).toBeGreaterThanOrEqual(5);
      // 王五 starts 2026-07-15 and ramps: the mark is in the ramp column and the name's note
      const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === '王五')!;
      expect(row.getCell(start).value).toEqual(new Date('2026-07-15T00:00:00.000Z'));
      expect(String(row.getCell(start + 1).value)).toContain('2026-07-15');
      expect(textOf(row.getCell(1).note)).toContain('2026-07-15');
    }
  });

  it('one font family across the workbook: every font of styles.xml and every cell', async () => {
    for (const name of [...Object.keys(QUOTA), 'zh-CN', 'statements en Alice Chen.xlsx']) {
      const zip = await openSafeZip(files.get(name)!);
      let xml = '';
      try {
        for await (const chunk of zip.chunks('xl/styles.xml')) xml += chunk.toString('utf8');
      } finally {
        zip.close();
      }
      const fonts = xml.match(/<font>.*?<\/font>/g) ?? [];
      expect(fonts.length).toBeGreaterThan(1);
      const families = new Set(fonts.map((f) => /<name val="([^"]+)"/.exec(f)?.[1]));
      expect([...families], name).toEqual(['Calibri']);
      const cellFamilies = new Set<string>();
      for (const ws of books.get(name)!.worksheets) ws.eachRow((row) => row.eachCell((c) => cellFamilies.add(c.font?.name ?? 'Calibri')));
      expect([...cellFamilies], name).toEqual(['Calibri']);
    }
  });
});
