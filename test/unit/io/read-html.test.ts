// An HTML table saved as .xls (a CRM export, or Excel's / WPS's "Save as Web Page") with hidden rows or
// columns was read without a word; an XLSX says so (`hidden-rows`, `hidden-column`). Each way of hiding
// a row or a column in HTML → the same finding, at its row and column; ways that do not hide → none.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { htmlTable } from '../../../src/io/html.js';
import { openExport, type ReadRow } from '../../../src/io/read-export.js';
import { plainFields } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function read(html: string) {
  const path = join(dir, `t${n++}.xls`);
  writeFileSync(path, `<html><head><meta charset="utf-8"></head><body>${html}</body></html>`);
  const reader = await openExport(path, { source: undefined, displayName: 'export.xls' });
  const rows: ReadRow[] = [];
  for await (const r of reader.rows()) rows.push(r);
  return {
    layout: reader.layout,
    records: rows.filter((r) => r.record).map((r) => ({ row: r.source.row, ...plainFields(r.record!.fields) }) as Record<string, string | number | null>),
    findings: reader.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      row: f.row,
      at: f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1}` : undefined,
      message: f.message,
      data: f.data,
    })),
  };
}

const HEAD = '<tr><th>销售代表</th><th>金额</th><th>客户名称</th></tr>';
const ROW2 = '<tr><td>张三</td><td>100</td><td>甲</td></tr>';
const ROW4 = '<tr><td>王五</td><td>400</td><td>丙</td></tr>';
const row3 = (tr: string) => `${tr}<td>李四</td><td>300</td><td>乙</td></tr>`;
const ALL = [
  { row: 2, rep: '张三', amount: '100', customer: '甲' },
  { row: 3, rep: '李四', amount: '300', customer: '乙' },
  { row: 4, rep: '王五', amount: '400', customer: '丙' },
];

describe('hidden rows', () => {
  const hiding: [string, string][] = [
    ['display:none', `<table>${HEAD}${ROW2}${row3('<tr style="display:none">')}${ROW4}</table>`],
    ['any case, spacing and quotes', `<table>${HEAD}${ROW2}${row3("<TR STYLE='DISPLAY : NONE'>")}${ROW4}</table>`],
    ['!important after other declarations', `<table>${HEAD}${ROW2}${row3('<tr style="color:red; display: none !important;">')}${ROW4}</table>`],
    ['as Excel writes it', `<table>${HEAD}${ROW2}${row3("<tr height=0 style='display:none;mso-height-source:userset;mso-height-alt:\n  375'>")}${ROW4}</table>`],
    ['the hidden attribute', `<table>${HEAD}${ROW2}${row3('<tr hidden>')}${ROW4}</table>`],
    ['visibility:hidden', `<table>${HEAD}${ROW2}${row3('<tr style="visibility:hidden">')}${ROW4}</table>`],
    ['visibility:collapse', `<table>${HEAD}${ROW2}${row3("<tr style='visibility: collapse'>")}${ROW4}</table>`],
    ['in a hidden tbody', `<table><thead>${HEAD}</thead><tbody>${ROW2}</tbody><tbody style="display:none">${row3('<tr>')}</tbody><tbody>${ROW4}</tbody></table>`],
  ];
  it.each(hiding)('%s: read as data, one hidden-rows warning at row 3', async (_, html) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    expect(r.findings).toEqual([
      {
        code: 'hidden-rows',
        severity: 'warning',
        row: 3,
        at: '3:1',
        message:
          '1 hidden row of the HTML table (the first is row 3) was read as data like every other row: rows hidden by a filter or by Hide in Excel or WPS are still in the file (delete the rows that must not be counted, or unhide them to check them)',
        data: { count: 1, first: 3 },
      },
    ]);
  });

  it('counts every hidden row holding a value, at the first', async () => {
    const r = await read(`<table>${HEAD}<tr hidden>${ROW2.slice(4)}${row3('<tr style="display:none">')}${ROW4}</table>`);
    expect(r.findings.map((f) => [f.code, f.row, f.data])).toEqual([['hidden-rows', 2, { count: 2, first: 2 }]]);
  });

  const notHiding: [string, string][] = [
    ['overflow:hidden', `<table>${HEAD}${ROW2}${row3('<tr style="overflow:hidden">')}${ROW4}</table>`],
    ['a class named hidden', `<table>${HEAD}${ROW2}${row3('<tr class="hidden" data-hidden="1" title="hidden">')}${ROW4}</table>`],
    ['display:none overridden later', `<table>${HEAD}${ROW2}${row3('<tr style="display:none;display:table-row">')}${ROW4}</table>`],
    ['hidden text inside a cell (Excel: text past the cell edge)', `<table>${HEAD}${ROW2}<tr><td>李四</td><td>300</td><td>乙<span style='display:none'>公司</span></td></tr>${ROW4}</table>`],
    [
      "Excel's empty sizing row (supportMisalignedColumns)",
      `<table>${HEAD}${ROW2}${row3('<tr>')}${ROW4}<![if supportMisalignedColumns]><tr height=0 style='display:none'><td width=64 style='width:48pt'></td><td width=64></td></tr><![endif]></table>`,
    ],
  ];
  it.each(notHiding)('%s: no finding', async (_, html) => {
    const r = await read(html);
    expect(r.findings).toEqual([]);
    expect(r.records.map((x) => x.rep)).toEqual(['张三', '李四', '王五']);
  });
});

describe('hidden columns', () => {
  const amountHidden = (head: string, header = HEAD, rows = `${ROW2}${row3('<tr>')}${ROW4}`) => `<table>${head}${header}${rows}</table>`;
  const hiding: [string, string, string[]][] = [
    ['<col style="display:none">', amountHidden('<col><col style="display:none"><col>'), ['B']],
    ['as Excel writes it', amountHidden("<col width=64 style='width:48pt'>\n <col width=0 style='display:none;mso-width-source:userset;\n mso-width-alt:0'>\n <col width=64>"), ['B']],
    ['<col hidden> in a <colgroup>', amountHidden('<colgroup><col><col hidden><col></colgroup>'), ['B']],
    ['a hidden <colgroup span>', amountHidden('<colgroup span="1"></colgroup><colgroup span="1" style="visibility:collapse"></colgroup>'), ['B']],
    ['a hidden <colgroup> around its <col>s', amountHidden('<colgroup><col></colgroup><colgroup style="display:none"><col><col></colgroup>'), ['B', 'C']],
    ['<col span=2>', amountHidden('<col><col span=2 style="DISPLAY:NONE">'), ['B', 'C']],
    [
      'its header cell hidden',
      amountHidden('', '<tr><th>销售代表</th><th style="display:none">金额</th><th>客户名称</th></tr>', `<tr><td>张三</td><td style="display:none">100</td><td>甲</td></tr>${row3('<tr>')}${ROW4}`),
      ['B'],
    ],
  ];
  it.each(hiding)('%s: read like every column, one hidden-column warning per field at its header', async (_, html, letters) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    const fields: Record<string, [string, string, number]> = { B: ['amount', '金额', 2], C: ['customer', '客户名称', 3] };
    expect(r.findings).toEqual(
      letters.map((l) => ({
        code: 'hidden-column',
        severity: 'warning',
        row: 1,
        at: `1:${fields[l]![2]}`,
        message: `${fields[l]![0]}: column ${l} ${JSON.stringify(fields[l]![1])} is hidden in the HTML table; it is read like every column (a hidden column is still in the file: unhide it to check it, or map the column you meant in source.fields)`,
        data: { field: fields[l]![0], column: l, header: fields[l]![1] },
      })),
    );
    expect(r.layout.columns.map((c) => c.hidden === true)).toEqual(['A', 'B', 'C'].map((l) => letters.includes(l)));
  });

  it('a data cell hidden under a visible header hides nothing', async () => {
    const r = await read(`<table>${HEAD}<tr><td>张三</td><td style="display:none">100</td><td>甲</td></tr></table>`);
    expect(r.findings).toEqual([]);
    expect(r.layout.columns.some((c) => c.hidden === true)).toBe(false);
  });

  it('of a header given twice, the visible copy is read, as in an XLSX', async () => {
    const header = '<tr><th>销售代表</th><th>金额</th><th>客户名称</th><th>金额</th></tr>';
    const r = await read(`<table><col><col style="display:none"><col><col>${header}<tr><td>张三</td><td>1</td><td>甲</td><td>100</td></tr></table>`);
    expect(r.records).toEqual([{ row: 2, rep: '张三', amount: '100', customer: '甲' }]);
    expect(r.findings.map((f) => [f.code, f.severity, f.data?.hidden])).toEqual([
      ['duplicate-header', 'warning', '2'],
      ['duplicate-header', 'warning', '2'],
    ]);
  });
});

describe('rowspan', () => {
  it('leaves the covered cells blank instead of shifting the row left, and names the merged range', async () => {
    const r = await read(`<table>${HEAD}<tr><td rowspan="2">张三</td><td>100</td><td>甲</td></tr><tr><td>200</td><td>乙</td></tr>${ROW4}</table>`);
    expect(r.records).toEqual([
      { row: 2, rep: '张三', amount: '100', customer: '甲' },
      { row: 4, rep: '王五', amount: '400', customer: '丙' },
    ]);
    expect(r.findings.map((f) => [f.code, f.row, f.data])).toEqual([['no-rep', 3, { field: 'rep', merged: 'A2:A3', top: 'A2' }]]);
  });

  it('a two-row header with rowspan cells lines up like the merged header of an XLSX', () => {
    const t = htmlTable('<table><tr><td rowspan=2>a</td><td colspan=2>b</td><td rowspan=2>c</td></tr><tr><td>b1</td><td>b2</td></tr><tr><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>');
    expect(t.rows.map((r) => r.cells.map((c) => c?.v ?? ''))).toEqual([
      ['a', 'b', '', 'c'],
      ['', 'b1', 'b2', ''],
      ['1', '2', '3', '4'],
    ]);
    expect(t.merged).toEqual(['A1:A2', 'D1:D2']);
  });
});

// Every finding in an HTML table was at column 1 (`export.xls:3:1`), whatever the cell: now at its column.
it('a finding about a cell is at its table row and column', async () => {
  const r = await read(`<table>${HEAD}<tr><td>张三</td><td>abc</td><td>甲</td></tr></table>`);
  expect(r.findings.map((f) => [f.code, f.row, f.at])).toEqual([['bad-number', 2, '2:2']]);
});

// A table nested in a cell ended the read at its `</table>`: every row of the outer table after it was
// dropped with two `ragged-row` warnings. A nested table is read as its cell's text (its cells joined
// by spaces); the outer rows are all read.
describe('nested tables', () => {
  const nested = (inner: string) => `<table>${HEAD}<tr><td>${inner}</td><td>100</td><td>甲</td></tr>${row3('<tr>')}${ROW4}</table>`;
  const cases: [string, string, string][] = [
    ['a one-cell layout table', nested('<table><tr><td>张三</td></tr></table>'), '张三'],
    ['a table of two cells', nested('<table><tr><td>张</td><td>三</td></tr></table>'), '张 三'],
    ['two levels deep', nested('<table><tr><td><table><tr><td>张三</td></tr></table></td></tr></table>'), '张三'],
    ['with its own thead and tbody', nested('<table><thead><tr><th>张三</th></tr></thead><tbody></tbody></table>'), '张三'],
  ];
  it.each(cases)('%s: every outer row is read', async (_name, html, rep) => {
    const r = await read(html);
    expect(r.records).toEqual([{ ...ALL[0], rep }, ALL[1], ALL[2]]);
    expect(r.findings).toEqual([]);
  });

  it('the rows of an unclosed nested table are text of its cell, not rows', () => {
    const t = htmlTable('<table><tr><td>a</td><td><table><tr><td>x</td></tr><tr><td>y</td></tr></td></tr><tr><td>b</td></tr>');
    expect(t.rows.map((r) => r.cells.map((c) => c?.v ?? ''))).toEqual([['a', 'x y b']]);
  });
});

// A second table with rows was ignored without a word, and a title table before the data ended the
// read ("no header row"). The tables are chosen as an XLSX's sheets are: the first whose header
// matches; another one matching too is a `sheet-ambiguous` error naming the tables and their rows.
describe('several tables', () => {
  const DATA = `<table>${HEAD}${ROW2}${row3('<tr>')}${ROW4}</table>`;
  const TITLE = '<table><tr><td>2024 年第三季度销售报表</td></tr><tr><td>导出时间 2024-10-01</td></tr></table>';
  const renumber = (from: number) => ALL.map((a, i) => ({ ...a, row: from + i }));
  const cases: { name: string; html: string; records: typeof ALL; codes: string[]; message?: RegExp }[] = [
    { name: 'a title table, then the data', html: `${TITLE}${DATA}`, records: renumber(4), codes: [] },
    { name: 'a title table with no rows, then the data', html: `<table></table>${DATA}`, records: ALL, codes: [] },
    { name: 'the data, then a notes table', html: `${DATA}${TITLE}`, records: ALL, codes: [] },
    {
      name: 'two data tables',
      html: `${DATA}<table>${HEAD}${ROW2}</table>`,
      records: ALL,
      codes: ['sheet-ambiguous'],
      message: /^read HTML table 1 \(4 rows\), .*; table 2 \(2 rows\) has a matching header too and is not read/,
    },
    {
      name: 'a title table and three data tables',
      html: `${TITLE}${DATA}${DATA}<table>${HEAD}${ROW2}</table>`,
      records: renumber(4),
      codes: ['sheet-ambiguous'],
      message: /^read HTML table 2 \(4 rows\), .*; table 3 \(4 rows\), table 4 \(2 rows\) have a matching header too/,
    },
  ];
  it.each(cases)('$name', async ({ html, records, codes, message }) => {
    const r = await read(html);
    expect(r.records).toEqual(records);
    expect(r.findings.map((f) => f.code)).toEqual(codes);
    if (message) expect(r.findings[0]!.severity).toBe('error');
    if (message) expect(r.findings[0]!.message).toMatch(message);
  });
});

// `rowspan="0"` spans to the end of its row group (<thead>/<tbody>/<tfoot>, or the table): it was read
// as 1, so the cells of the rows below shifted one column left under the wrong headers.
describe('rowspan="0"', () => {
  const cells = (html: string) => htmlTable(html).rows.map((r) => r.cells.map((c) => c?.v ?? ''));
  const cases: [string, string, string[][], string[]][] = [
    ['to the end of the table', '<table><tr><td rowspan=0>a</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>', [['a', '1'], ['', '2'], ['', '3']], ['A1:A3']],
    ['quoted, written 00', '<table><tr><td>x</td><td>y</td></tr><tr><td rowspan="00">a</td><td>1</td></tr><tr><td>2</td></tr></table>', [['x', 'y'], ['a', '1'], ['', '2']], ['A2:A3']],
    [
      'to the end of its tbody',
      '<table><tbody><tr><td rowspan="0">a</td><td>1</td></tr><tr><td>2</td></tr></tbody><tbody><tr><td>b</td><td>3</td></tr></tbody></table>',
      [['a', '1'], ['', '2'], ['b', '3']],
      ['A1:A2'],
    ],
    ['on the last row: one row', '<table><tr><td>x</td><td>y</td></tr><tr><td rowspan=0>a</td><td>1</td></tr></table>', [['x', 'y'], ['a', '1']], []],
    ['rowspan=10 is not 0', '<table><tr><td rowspan=10>a</td><td>1</td></tr><tr><td>2</td></tr></table>', [['a', '1'], ['', '2']], ['A1:A10']],
  ];
  it.each(cases)('%s', (_name, html, rows, merged) => {
    expect(cells(html)).toEqual(rows);
    expect(htmlTable(html).merged).toEqual(merged);
  });
});

// A row, cell or column hidden by a class of the document's <style> sheet was read as visible without a
// word (only inline styles were looked at). The sheet's simple selectors are applied now; a hiding rule
// with a selector not interpreted is an `html-hidden-unknown` warning instead of silence.
describe('hidden by a <style> class', () => {
  const doc = (css: string, body: string) => `<style>${css}</style>${body}`;
  const tableWith = (tr3: string, extra = '') => `<table>${extra}${HEAD}${ROW2}${row3(tr3)}${ROW4}</table>`;
  const hidingRows: [string, string][] = [
    ['.h{display:none} on <tr class="h">', doc('.h{display:none}', tableWith('<tr class="h">'))],
    ['tr.h, as Excel wraps its sheet in <!-- -->', doc('<!--\ntr.h\n\t{mso-height-source:userset;\n\tdisplay:none;}\n-->', tableWith('<tr class=h>'))],
    ["Excel's .xl65{visibility:hidden}", doc('<!--table\n\t{mso-displayed-decimal-separator:"\\.";}\n.xl65\n\t{mso-style-parent:style0;\n\tvisibility:hidden;}\n-->', tableWith("<tr class='xl65'>"))],
    ['a class list with several names', doc('.x{color:red} .h{display:none}', tableWith('<tr class="a  h\tb">'))],
    ['two classes in one selector', doc('.h.k{display:none}', tableWith('<tr class="k h">'))],
    ['a selector list', doc('p.note, .h { visibility: collapse }', tableWith('<tr class="h">'))],
    ['a class in another case (quirks mode)', doc('.Hide{display:none}', tableWith('<tr class="hide">'))],
    ['a comment in the sheet', doc('/* rows */ .h /* hidden */ {display:none}', tableWith('<tr class="h">'))],
    ['!important over an inline display', doc('.h{display:none !important}', tableWith('<tr class="h" style="display:table-row">'))],
    ['tr.h beats a later .s (specificity)', doc('tr.h{display:none} .s{display:table-row}', tableWith('<tr class="h s">'))],
    ['a hidden tbody', doc('tbody.h{display:none}', `<table><thead>${HEAD}</thead><tbody>${ROW2}</tbody><tbody class="h">${row3('<tr>')}</tbody><tbody>${ROW4}</tbody></table>`)],
  ];
  it.each(hidingRows)('%s: read as data, one hidden-rows warning at row 3', async (_, html) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    expect(r.findings.map((f) => [f.code, f.severity, f.at, f.data])).toEqual([['hidden-rows', 'warning', '3:1', { count: 1, first: 3 }]]);
  });

  const notHiding: [string, string][] = [
    ['another class', doc('.h{display:none}', tableWith('<tr class="hx">'))],
    ['a later rule of the same weight shows it', doc('.h{display:none} .s{display:table-row}', tableWith('<tr class="h s">'))],
    ['an inline style shows it', doc('.h{display:none}', tableWith('<tr class="h" style="display:table-row">'))],
    ['a rule for cells, on a row', doc('td.h{display:none}', tableWith('<tr class="h">'))],
    ['a rule for a span (text inside a cell)', doc('span.h{display:none}', tableWith('<tr class="h">'))],
    ['a sheet inside a comment', `<!-- <style>.h{display:none}</style> -->${tableWith('<tr class="h">')}`],
    ["Excel's ruby text rule (rt{display:none})", doc('<!--\nruby\n\t{ruby-align:left;}\nrt\n\t{color:windowtext;\n\tmso-char-type:katakana;\n\tdisplay:none;}\n-->', tableWith('<tr class="rt">'))],
    ['a rule that does not hide', doc('.h{color:red;overflow:hidden} table .h{font-weight:bold}', tableWith('<tr class="h">'))],
    ['the selector only in a declaration', doc('.a{content:".h{display:none}"}', tableWith('<tr class="h">'))],
  ];
  it.each(notHiding)('%s: no finding', async (_, html) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    expect(r.findings).toEqual([]);
  });

  const hidingColumns: [string, string][] = [
    ['col.h', doc('col.h{display:none}', tableWith('<tr>', '<col><col class="h"><col>'))],
    ['a hidden colgroup', doc('.h{visibility:collapse}', tableWith('<tr>', '<colgroup span=1></colgroup><colgroup class="h" span=1></colgroup>'))],
    ['its header cell', doc('th.h{display:none}', `<table><tr><th>销售代表</th><th class="h">金额</th><th>客户名称</th></tr>${ROW2}${row3('<tr>')}${ROW4}</table>`)],
  ];
  it.each(hidingColumns)('%s: read, one hidden-column warning at its header', async (_, html) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    expect(r.findings.map((f) => [f.code, f.at, f.data])).toEqual([['hidden-column', '1:2', { field: 'amount', column: 'B', header: '金额' }]]);
    expect(r.layout.columns.map((c) => c.hidden === true)).toEqual([false, true, false]);
  });

  const unread: [string, string, string][] = [
    ['a pseudo-class', doc('tr:nth-child(3){display:none}', tableWith('<tr>')), '"tr:nth-child(3)"'],
    ['a descendant selector', doc('table  .h{display:none}', tableWith('<tr class="h">')), '"table .h"'],
    ['an id', doc('#r3{visibility:hidden}', tableWith('<tr id="r3">')), '"#r3"'],
    ['inside @media', doc('@media screen { .h { display: none } }', tableWith('<tr class="h">')), '"@media screen { .h }"'],
    ['a print-only sheet', `<style media="print">.h{display:none}</style>${tableWith('<tr class="h">')}`, '"@media print { .h }"'],
    ['several, in a list with a simple one', doc('.ok{display:none} [data-h], tr > td, *{display:none} div .x{visibility:hidden}', tableWith('<tr>')), '"[data-h]", "tr > td", "*", … (4 in all)'],
  ];
  it.each(unread)('%s: rows read, one html-hidden-unknown warning naming the selector', async (_, html, selectors) => {
    const r = await read(html);
    expect(r.records).toEqual(ALL);
    expect(r.findings.map((f) => [f.code, f.severity, f.row, f.data])).toEqual([['html-hidden-unknown', 'warning', undefined, { selectors, count: Number(/\((\d+) in all\)/.exec(selectors)?.[1] ?? 1) }]]);
  });
});
