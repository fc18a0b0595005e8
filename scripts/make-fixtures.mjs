// Writes the reader fixtures under test/fixtures/exports/ (committed; rerun to regenerate):
//   node scripts/make-fixtures.mjs
// One small file per case the reader must handle. Most .xlsx files are written part by part with
// scripts/make-fixtures-zip.mjs so their XML is exactly the case under test; sheets.xlsx comes from
// exceljs; libreoffice.xlsx from LibreOffice (Debian's soffice) converting a CSV with formulas.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { rowXml, xlsxParts, zipBuffer } from './make-fixtures-zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'fixtures', 'exports');
mkdirSync(dir, { recursive: true });
const put = (name, data) => writeFileSync(join(dir, name), data);

// ---- text: encodings and delimiters ------------------------------------------------------------
const basic = '销售代表,日期,金额\n张三,2026-07-01,100\n李四,2026-07-02,200\n';
put('utf8.csv', basic);
put('utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(basic)]));
put('utf16le-tab.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(basic.replace(/,/g, '\t').replace(/\n/g, '\r\n'), 'utf16le')]));
put('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(basic, 'utf16le').swap16()]));
put('gb18030.csv', iconv.encode('销售代表,日期,金额,客户名称\r\n张三,2026/7/1,"1,234.50",𠮷野家\r\n李四,2026年7月2日,￥88,华东制造\r\n', 'gb18030'));
put('bad-encoding.csv', Buffer.concat([Buffer.from('rep,date,amount\nA,2026-07-01,1\nB,2026-07-02,'), Buffer.from([0x80]), Buffer.from('\n')]));
put('semicolon.csv', 'Sales Rep;Close Date;Amount;Stage\nAnn;2026-07-01;1.234,50;Won\nBob;2026-07-02;99;Lost\n');
put('pipe.csv', 'Owner|Date|Amount\nAnn|2026-07-01|10\nBob|2026-07-02|20\n');
put('tab.tsv', 'Owner\tDate\tAmount\nAnn\t2026-07-01\t10\nBob\t2026-07-02\t20\n');

// ---- CSV structure -----------------------------------------------------------------------------
put('quoted.csv', '销售代表,客户名称,金额\r\n张三,"第一行\r\n第二行\r\n""引号""客户",100\r\n李四,客户B,abc\r\n');
put('ragged.csv', 'rep,date,amount\nA,2026-07-01,1\nB,2026-07-02\nC,2026-07-03,3,extra\nD,2026-07-04,4,\n');
put('blank-rows.csv', 'rep,amount\nA,1\n\n,\n,,\nB,2\n');
put('title-rows.csv', '华东区 商机明细\n导出时间：2026-07-05 09:00\n\n销售代表,结单日期,金额,阶段\n张三,2026-07-01,100,赢单\n');

// ---- values ------------------------------------------------------------------------------------
const values = [
  ['R1', '1,234.56', '45839'],
  ['R2', '¥1,234', '2026-07-01'],
  ['R3', '￥1,234', '2026/7/1'],
  ['R4', '$1,234', '2026.7.1'],
  ['R5', 'RMB 1,234', '2026年7月1日'],
  ['R6', '(1,234)', '2026-07-01T09:30:00+08:00'],
  ['R7', '12.5%', '20260701'],
  ['R8', '1.2万', '13/07/2026'],
  ['R9', '3亿', '2026-07-01 23:59'],
  ['R10', '１２３４', '２０２６－０７－０１'],
  ['R11', '-', ''],
  ['R12', '—', '-'],
  ['R13', '', '2026-7-1'],
  ['R14', '1.234', '2026-07-01'],
  ['R15', '100', '07/01/2026'],
];
put('values.csv', `销售代表,金额,日期\n${values.map((r) => r.map((v) => (v.includes(',') ? `"${v}"` : v)).join(',')).join('\n')}\n`);

// ---- rows that are not counted -----------------------------------------------------------------
put('totals.csv', 'rep,amount\nA,100\nB,200\n小计,300\nC,50\n,350\nGrand Total,350\n,999\n');
put('duplicates.csv', 'deal_id,rep,amount\nD1,A,100\nD2,B,200\nD1,A,100\nD2,C,300\n');

// ---- formats by content ------------------------------------------------------------------------
put(
  'html-table.xls',
  '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>\n<table border="1">\n<tr><td colspan="3">商机报表</td></tr>\n<tr><th>销售代表</th><th>金额</th><th>客户名称</th></tr>\n<tr><td>张三</td><td>1,200</td><td>A&amp;B 公司</td></tr>\n<tr><td>李四</td><td>300</td><td>C<br>公司</td></tr>\n</table></body></html>\n',
);
const ole = Buffer.alloc(1536);
Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
put('legacy.xls', ole);
const enc = Buffer.from(ole);
Buffer.from('EncryptionInfo', 'utf16le').copy(enc, 1024);
put('encrypted.xlsx', enc);
let seed = 12345;
const garbage = Buffer.alloc(2048);
for (let i = 0; i < garbage.length; i++) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  garbage[i] = seed & 0xff;
}
garbage[0] = 0x00;
put('garbage.xlsx', garbage);
put('empty.csv', '');
put('not-xlsx.xlsx', zipBuffer([{ name: 'readme.txt', data: 'just a zip' }]));

// ---- xlsx written part by part -----------------------------------------------------------------
const xlsx = (name, sheets, options) => put(name, zipBuffer(xlsxParts(sheets, options)));
const dateStyle = { xfs: [0, 14] }; // style 1 = built-in date format 14

// formulas: cached values, a cached #DIV/0!, a formula with no cached value, a string result,
// rich text in a shared string (with a phonetic run), a number stored as text
xlsx(
  'formulas.xlsx',
  [
    {
      name: 'Data',
      xml: [
        rowXml(1, ['销售代表', '金额', '日期']),
        rowXml(2, ['张三', { xml: '<c r="{ref}"><f>100+23.5</f><v>123.5</v></c>' }, 46204], { 2: 1 }),
        rowXml(3, ['李四', { xml: '<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>' }, 46204], { 2: 1 }),
        rowXml(4, ['王五', { xml: '<c r="{ref}"><f>SUM(B2:B3)</f></c>' }, 46204], { 2: 1 }),
        rowXml(5, ['赵六', { xml: '<c r="{ref}" t="str"><f>"1,"&amp;"000"</f><v>1,000</v></c>' }, 46204], { 2: 1 }),
        rowXml(6, ['钱七', { xml: '<c r="{ref}" t="s"><v>0</v></c>' }, 46204], { 2: 1 }),
        rowXml(7, ['孙八', '  3,000 ', 46204], { 2: 1 }),
      ].join(''),
    },
  ],
  { ...dateStyle, sharedStrings: '<si><r><t>2,</t></r><r><rPr><b/></rPr><t>500</t></r><rPh sb="0" eb="1"><t>ニ</t></rPh></si>' },
);

// the 1904 date system, flagged as `true` (exceljs only understands `1`) and as `1`
for (const [name, flag] of [
  ['date1904-true.xlsx', 'true'],
  ['date1904-1.xlsx', '1'],
]) {
  xlsx(name, [{ name: 'Data', xml: rowXml(1, ['销售代表', '日期']) + rowXml(2, ['张三', 44742], { 1: 1 }) }], { ...dateStyle, date1904: flag });
}
// custom date formats (yyyy"年"m"月"d"日" and yyyy/mm/dd hh:mm) and a time of day that must not shift the date
xlsx(
  'date-formats.xlsx',
  [{ name: 'Data', xml: rowXml(1, ['销售代表', '日期', '结单日期']) + rowXml(2, ['张三', 46204, 46204.99], { 1: 1, 2: 2 }) }],
  { xfs: [0, 176, 177], numFmts: [{ id: 176, code: 'yyyy"年"m"月"d"日"' }, { id: 177, code: 'yyyy/mm/dd hh:mm' }] },
);
// a <dimension> that claims the whole sheet
xlsx('lying-dimension.xlsx', [
  { name: 'Data', before: '<dimension ref="A1:XFD1048576"/>', xml: rowXml(1, ['销售代表', '金额']) + rowXml(2, ['张三', 1]) + rowXml(1048576, ['李四', 2]) },
]);
// a two-row header with merged group cells
xlsx('two-row-header.xlsx', [
  {
    name: '商机',
    xml:
      rowXml(1, ['销售代表', '商机信息', null, '客户']) +
      rowXml(2, [null, '金额', '结单日期', '客户名称']) +
      rowXml(3, ['张三', 500, 46204, '甲公司'], { 2: 1 }) +
      rowXml(4, ['李四', 700, 46205, '乙公司'], { 2: 1 }),
    after: '<mergeCells count="3"><mergeCell ref="A1:A2"/><mergeCell ref="B1:C1"/><mergeCell ref="D1:D1"/></mergeCells>',
  },
], dateStyle);

// ---- zip safety ----------------------------------------------------------------------------------
// 1 GiB of zeros in one sheet entry (about 1 MB compressed): refused from the central directory
{
  const { createDeflateRaw } = await import('node:zlib');
  const deflate = createDeflateRaw({ level: 9 });
  const chunks = [];
  deflate.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => deflate.on('end', r));
  const zero = Buffer.alloc(1 << 24);
  for (let i = 0; i < 64; i++) if (!deflate.write(zero)) await new Promise((r) => deflate.once('drain', r));
  deflate.end();
  await done;
  const raw = Buffer.concat(chunks);
  const parts = xlsxParts([{ name: 'Data', xml: rowXml(1, ['销售代表']) }]);
  const bomb = parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { name: p.name, raw, size: 1 << 30, crc: 0 } : p));
  put('zip-bomb.xlsx', zipBuffer(bomb));
}

// ---- exceljs: hidden sheets, a notes sheet, title rows above the header --------------------------
{
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本文件由 CRM 导出']);
  const old = wb.addWorksheet('旧数据');
  old.state = 'hidden';
  old.addRow(['销售代表', '结单日期', '金额']);
  old.addRow(['老王', new Date(Date.UTC(2025, 0, 2)), 1]);
  const ws = wb.addWorksheet('商机明细');
  ws.addRow(['华东区 商机明细']);
  ws.mergeCells('A1:D1');
  ws.addRow(['导出时间：2026-07-05 09:00']);
  ws.addRow(['销售代表', '结单日期', '金额', '阶段']);
  ws.addRow(['张三', new Date(Date.UTC(2026, 6, 1)), 1234.56, '赢单']);
  ws.addRow(['李四 ', new Date(Date.UTC(2026, 6, 31)), '2,000', '赢单']);
  ws.addRow(['合计', null, { formula: 'SUM(C4:C5)', result: 3234.56 }, null]);
  ws.getColumn(2).numFmt = 'yyyy-mm-dd';
  await wb.xlsx.writeFile(join(dir, 'sheets.xlsx'));
}

// ---- rosters ------------------------------------------------------------------------------------
put('roster.csv', '姓名,团队,区域,经理,入职日期,等级\n张三,华东一组,华东,王经理,2024-03-01,高级\n李四 ,华东一组,华东,王经理,2026/5/6,junior\n王五,华东二组,华东,赵经理,,专家\n张三,华东二组,华东,赵经理,,中级\n,华东二组,华东,赵经理,,\n');
put('roster-wrong.csv', 'Team,Region\nEast,CN\n');
{
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2026, 0, 1));
  const ws = wb.addWorksheet('Roster');
  ws.addRow(['Sales Rep', 'Team', 'Region', 'Manager', 'Start Date', 'Tier']);
  ws.addRow(['Ann', 'East 1', 'East', 'Mia', new Date(Date.UTC(2025, 1, 3)), 'Senior']);
  ws.addRow(['Bob', 'East 2', 'East', 'Mia', null, 'intermediate']);
  await wb.xlsx.writeFile(join(dir, 'roster.xlsx'));
}

// ---- LibreOffice: another producer's xlsx (formulas with cached values, dates, a totals row) ------
{
  const csv = '销售代表,结单日期,金额,阶段\n张三,2026-07-01,1234.56,赢单\n李四,2026-07-02,=C2*2,赢单\n王五,2026-07-03,=1/0,输单\n赵六,2026-07-04,"3,000",赢单\n合计,,=SUM(C2:C5),\n';
  const tmp = mkdtempSync(join(tmpdir(), 'sg-lo-'));
  try {
    writeFileSync(join(tmp, 'libreoffice.csv'), csv);
    execFileSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(tmp, 'profile')}`,
        '--infilter=CSV:44,34,76,1,,1033,false,true,false,false,false,-1',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        tmp,
        join(tmp, 'libreoffice.csv'),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    copyFileSync(join(tmp, 'libreoffice.xlsx'), join(dir, 'libreoffice.xlsx'));
  } catch (e) {
    console.warn(`soffice not available; libreoffice.xlsx kept as committed (${e.message})`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
console.log(`fixtures written to ${dir}`);
