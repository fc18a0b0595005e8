// The readers' one-line errors in zh-CN (report/error-messages.ts): each case is a real file refused by
// io/, whose English message and hint the English catalog reproduces from the error's facts (so the
// catalog and the throw site cannot drift), and whose zh-CN line is the one a zh-CN run prints.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openExport, type ReadOptions } from '../../../src/io/read-export.js';
import { readRoster } from '../../../src/io/roster.js';
import { ERROR_TEMPLATES_ZH, errorLine, wordError } from '../../../src/report/error-messages.js';
import { ERROR_TEMPLATES_EN, TEMPLATED_ERROR_IDS, type ErrorTemplate } from '../../../src/shared/error-templates.js';
import { READER_ERROR_IDS, SalesgradeError, templatedError, type ReaderErrorId } from '../../../src/shared/errors.js';
import { templatePlaceholders } from '../../../src/shared/message-template.js';
import { fixture } from '../io/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-errors-zh-'));
const fields = { rep: ['Owner'], amount: { headers: ['Amount'], type: 'money' as const } };

async function refusal(path: string, name: string, source: ReadOptions['source'] = { fields }): Promise<SalesgradeError> {
  try {
    const reader = await openExport(path, { source, displayName: name });
    for await (const r of reader.rows()) void r;
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error(`${name} was read without an error`);
}

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const cases: { name: string; id: ReaderErrorId; open: () => Promise<SalesgradeError>; zh: string }[] = [
  { name: 'a file that is not there', id: 'file-not-found', open: () => refusal(join(dir, 'nope.xlsx'), join(dir, 'nope.xlsx')), zh: `${join(dir, 'nope.xlsx')}: 找不到文件` },
  {
    name: 'a folder',
    id: 'is-directory',
    open: () => {
      mkdirSync(join(dir, 'folder.xlsx'), { recursive: true });
      return refusal(join(dir, 'folder.xlsx'), 'folder.xlsx');
    },
    zh: 'folder.xlsx: 这是文件夹，不是文件',
  },
  { name: 'an empty file', id: 'empty-file', open: () => refusal(fixture('empty.csv'), 'empty.csv'), zh: 'empty.csv: 文件是空的' },
  {
    name: 'binary data',
    id: 'binary',
    open: () => refusal(fixture('garbage.xlsx'), 'garbage.xlsx'),
    zh: 'garbage.xlsx: 不是电子表格：文件内容是二进制数据，既不是 CSV 也不是 XLSX（请从 CRM 重新导出为 .xlsx 或 .csv）',
  },
  {
    name: 'a legacy .xls',
    id: 'legacy-xls',
    open: () => refusal(fixture('legacy.xls'), 'legacy.xls'),
    zh: 'legacy.xls: 无法读取旧版 Excel 97–2003 工作簿（.xls）（请在 Excel 或 WPS 中打开并另存为 .xlsx）',
  },
  {
    name: 'a password',
    id: 'password',
    open: () => refusal(fixture('encrypted.xlsx'), 'encrypted.xlsx'),
    zh: 'encrypted.xlsx: 工作簿设有密码保护（请在 Excel 或 WPS 中打开，取消密码后另存为 .xlsx）',
  },
  {
    name: 'a zip that is no workbook',
    id: 'zip-not-xlsx',
    open: () => refusal(fixture('not-xlsx.xlsx'), 'not-xlsx.xlsx'),
    zh: 'not-xlsx.xlsx: 这是 zip 文件，但不是 .xlsx 工作簿（没有工作簿部件）（请导出为 .xlsx 或 .csv）',
  },
  {
    name: 'a Parquet file',
    id: 'parquet',
    open: () => refusal(file('t.parquet', Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 0), Buffer.from('PAR1')])), 't.parquet'),
    zh: 't.parquet: 这是 Parquet 文件：默认引擎逐行读取 CSV 和 XLSX 导出（请用 --engine duckdb 评分（需要可选依赖 @duckdb/node-api），或导出为 CSV）',
  },
  {
    name: 'bytes neither UTF-8 nor GB18030',
    id: 'encoding-unknown',
    open: () => refusal(fixture('bad-encoding.csv'), 'bad-encoding.csv'),
    zh: 'bad-encoding.csv:3: 不是有效的 UTF-8 或 GB18030 文本：第 3 行有无效字节 0x80（请将文件另存为 UTF-8 CSV，或指定 --encoding）',
  },
  {
    name: 'a quote never closed',
    id: 'csv-quote',
    open: () => refusal(file('quote.csv', 'Owner,Amount\nAnn,1\n"Bob,2\n'), 'quote.csv'),
    zh: 'quote.csv:3: 第 3 行开始的带引号字段一直没有闭合',
  },
  {
    name: 'no header row (a CSV: the delimiters tried)',
    id: 'header-not-found',
    open: () => refusal(file('nohead.csv', 'a;b,c\n1;2,3\n'), 'nohead.csv'),
    zh: 'nohead.csv: 前 30 行中没有表头行（尝试过的分隔符：","、";"）：应有类似 Owner、销售代表、负责人、销售 的列；实际为 a;b、c（请在 source.fields 中写明列名，或设置 source.header_row 或 source.delimiter）',
  },
  {
    name: 'a column missing',
    id: 'field-missing',
    open: () => refusal(file('people.csv', 'Person,Amount\nAnn,1\n'), 'people.csv', { fields: { rep: ['Seller'], amount: ['Amount'] } }),
    zh: 'people.csv:1: 没有 rep 列：应为 "Seller"、"销售代表"、"负责人"、"销售"、"销售人员"、"销售员" 之一；实际为 "Person"、"Amount"（请在规则的 source.fields.rep 中加上该表头）',
  },
  {
    name: 'a roster whose only matching sheet is hidden behind a cover',
    id: 'table-sheet-hidden',
    open: async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('封面').addRow(['2026 年度 花名册']);
      const hidden = wb.addWorksheet('花名册', { state: 'hidden' });
      hidden.addRow(['销售代表', '团队']);
      hidden.addRow(['张三', '华东']);
      const path = join(dir, 'hidden-roster.xlsx');
      await wb.xlsx.writeFile(path);
      try {
        await readRoster(path, undefined, []);
      } catch (e) {
        if (e instanceof SalesgradeError) return e;
        throw e;
      }
      throw new Error('hidden-roster.xlsx was read without an error');
    },
    zh: `${join(dir, 'hidden-roster.xlsx')}: 没有可见的工作表带有该表的表头（已读取 "封面"）；隐藏的工作表 "花名册" 有（请在该文件的 sheet 设置中指定它，或取消隐藏）`,
  },
  {
    name: 'a sheet the rubric names is not there',
    id: 'sheet-missing',
    open: () => refusal(fixture('sheets.xlsx'), 'sheets.xlsx', { fields, sheet: 'Nope' }),
    zh: 'sheets.xlsx: 没有名为 "Nope" 的工作表；现有工作表："说明"、"旧数据"、"商机明细"',
  },
];

describe('reader errors in zh-CN, from the facts io/ threw them with', () => {
  it.each(cases)('$name ($id)', async ({ id, open, zh }) => {
    const e = await open();
    expect(e.facts?.id).toBe(id);
    // the English catalog says exactly what io/ wrote: message and hint
    const en = wordError(e.facts!, 'en');
    expect({ message: en.message, hint: en.hint }).toEqual({ message: e.message, hint: e.hint });
    expect(errorLine(e, 'en')).toBe(e.toLine());
    const line = errorLine(e, 'zh-CN');
    expect(line).toBe(zh);
  });

  it('an error without facts keeps its English line', () => {
    const e = new SalesgradeError('input-format', 'DuckDB cannot read it as CSV: x', { location: { file: 'a.csv' } });
    expect(errorLine(e, 'zh-CN')).toBe('a.csv: DuckDB cannot read it as CSV: x');
  });

  it('every message id has an English and a zh-CN wording, and they differ', () => {
    const params = { reason: 'EIO', byte: 'FF', line: 3, rows: 30, expected: ['"Owner"'], found: ['"Total"'], field: 'rep', name: 'S', sheets: ['"A"'], tried: ['tab'] };
    for (const id of READER_ERROR_IDS) {
      const en = wordError({ id, params }, 'en');
      const zh = wordError({ id, params }, 'zh-CN');
      expect([id, zh.message]).not.toEqual([id, en.message]);
      expect([id, /[\u4e00-\u9fff]/.test(zh.message)]).toEqual([id, true]);
      expect([id, zh.hint === undefined]).toEqual([id, en.hint === undefined]);
    }
  });
});

describe('the templated errors: English (shared/error-templates.ts) and zh-CN (report/error-messages.ts) one-to-one', () => {
  const wordsOf = (t: ErrorTemplate) => Object.fromEntries(Object.entries(t.words ?? {}).map(([k, v]) => [k, Object.keys(v).sort()]));

  it('the zh-CN catalog has exactly the English ids', () => {
    expect(Object.keys(ERROR_TEMPLATES_ZH).sort()).toEqual([...TEMPLATED_ERROR_IDS].sort());
  });

  it.each(TEMPLATED_ERROR_IDS.map((id) => [id]))('%s: the same placeholders, hint and words in en and zh-CN, the zh-CN in Chinese', (id) => {
    const en: ErrorTemplate = ERROR_TEMPLATES_EN[id];
    const zh = ERROR_TEMPLATES_ZH[id];
    expect(templatePlaceholders(zh.message)).toEqual(templatePlaceholders(en.message));
    expect(zh.hint === undefined).toBe(en.hint === undefined);
    if (en.hint !== undefined) expect(templatePlaceholders(zh.hint!)).toEqual(templatePlaceholders(en.hint));
    expect(wordsOf(zh)).toEqual(wordsOf(en));
    // a zh-CN sentence, unless it only passes a quoted message on (an invalid rubric's finding, a CSV library's reason)
    if (!/^\{message\}( \[\{code\}\])?$/.test(zh.message)) expect(zh.message).toMatch(/[\u4e00-\u9fff]/);
    if (zh.hint !== undefined) expect(zh.hint).toMatch(/[\u4e00-\u9fff]/);
    for (const w of Object.values(zh.words ?? {})) for (const v of Object.values(w)) expect(v).toMatch(/[\u4e00-\u9fff]/);
  });

  it('templatedError writes the English template filled from its facts, and errorLine words it in zh-CN', () => {
    const e = templatedError('output-unwritable', 'output-unwritable', { what: 'workbook', why: 'EACCES', flag: '-w' }, { location: { file: 'out.xlsx' } });
    expect(e.toLine()).toBe('out.xlsx: cannot write the workbook: permission denied (choose another path with -w)');
    expect(errorLine(e, 'en')).toBe(e.toLine());
    expect(errorLine(e, 'zh-CN')).toBe('out.xlsx: 无法写入工作簿：没有写入权限（请用 -w 另选路径）');
    // a code without a word (a system error this catalog does not know) is shown as it came
    const other = templatedError('output-unwritable', 'output-unwritable', { what: 'workbook', why: 'EIO: i/o error', flag: '-w' });
    expect(errorLine(other, 'zh-CN')).toBe('无法写入工作簿：EIO: i/o error（请用 -w 另选路径）');
  });
});
