// Issue 11 step 2 ("facts, not prose") for cell-value findings: every value finding the readers can
// produce carries its facts in `data`, and report/ renders it from them — in zh-CN with no Latin prose
// left once names, values and codes are taken out, and in English exactly as io/ built the message.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openExport, type ReadOptions } from '../../../src/io/read-export.js';
import { coerce, coercedData, fxRates, parseNumberText, type CoerceOptions, type RawCell } from '../../../src/io/values.js';
import { findingMessage } from '../../../src/report/finding-messages.js';
import type { Diagnostic } from '../../../src/shared/diagnostic.js';
import { valueMessageEn, type FoundKind, type HintCode, type SeparatorRefusal } from '../../../src/shared/value-problem.js';
import type { FieldType } from '../../../src/rubric/schema.js';

/** Codes, keys and product names a zh-CN message may quote as they are. */
const VERBATIM = ['source.decimal_separator', 'source.date_format', 'MM/DD/YYYY', 'DD/MM/YYYY', '1.23457E+11', 'Excel', 'WPS', 'CNY', 'JPY', 'TRUE', 'FALSE', 'fx'];

/** The zh-CN text with every data value and verbatim code removed: what must hold no Latin letter. */
function prose(zh: string, d: Diagnostic): string {
  const values = Object.values(d.data ?? {}).map(String).concat(Object.values(d.data ?? {}).map((v) => JSON.stringify(String(v))));
  let s = zh;
  for (const v of [...values, ...VERBATIM].filter((v) => v !== '').sort((a, b) => b.length - a.length)) s = s.split(v).join(' ');
  return s;
}

function expectRendered(d: Diagnostic): void {
  const zh = findingMessage(d, 'zh-CN');
  expect(zh, `${d.code}: ${d.message}`).not.toBe(d.message);
  expect(prose(zh, d), `${d.code}: ${zh}`).not.toMatch(/[A-Za-z]/);
  // English from the facts is the message io/ built (wording unchanged)
  expect(findingMessage({ ...d, message: '' }, 'en'), d.code).toBe(d.message);
}

const REFUSALS: SeparatorRefusal[] = [
  { refuse: 'most-values', sep: ',', usual: '.', byCurrency: 'CNY', byLocale: 'zh-CN' },
  { refuse: 'value-shows', sep: ',', usual: '.', how: 'usual', byCurrency: 'CNY', byLocale: 'en' },
  { refuse: 'value-shows', sep: '.', usual: ',', how: 'values', byCurrency: 'EUR' },
  { refuse: 'contradicted', sep: ',', usual: '.', votes: 2, against: 0, byCurrency: 'USD', byLocale: 'en' },
];

// every way coerce can fail: [cell, type, options]
const s = (v: string): RawCell => ({ t: 's', v });
const COERCE_CASES: [RawCell, FieldType, CoerceOptions][] = [
  [s('abc'), 'money', {}],
  [s('abc'), 'number', {}],
  [s('1.5'), 'integer', { decimalSeparator: '.' }],
  [{ t: 'b', v: true }, 'money', {}],
  [{ t: 'b', v: false }, 'date', {}],
  [{ t: 'n', v: '99999999' }, 'date', {}],
  [{ t: 'e', v: '#DIV/0!' }, 'percent', {}],
  [{ t: 'e', v: '#N/A' }, 'text', {}],
  [{ t: 'f', v: null }, 'money', {}],
  [{ t: 'n', v: '1e30' }, 'money', {}],
  [s('1e19'), 'number', {}],
  [s('1'.repeat(70)), 'number', {}],
  [s('--5'), 'number', {}],
  [s('$5 USD'), 'money', {}],
  [s('50%'), 'money', {}],
  [s('1e50'), 'number', {}],
  [s('1,5'), 'number', { decimalSeparator: '.' }],
  [s('1.234'), 'money', {}],
  [s('-1,234'), 'money', {}],
  ...REFUSALS.map((r): [RawCell, FieldType, CoerceOptions] => [s('1,500'), 'money', { decimalSeparator: r.sep, refuseEither: r }]),
  [s('03/04/2026'), 'date', {}],
  [s('soon'), 'date', {}],
  [{ t: 'n', v: '1200', cur: 'EUR' }, 'money', { currency: 'CNY' }],
  [{ t: 'n', v: '1200', cur: 'EUR|USD' }, 'money', { currency: 'CNY' }],
  [{ t: 'n', v: '1200', cur: '¥' }, 'money', { currency: 'USD' }],
  [s('€800.00'), 'money', { currency: 'USD' }],
  [s('¥2,000'), 'money', { currency: 'USD', decimalSeparator: '.' }],
];

describe('value findings render from their facts (every failure coerce can give)', () => {
  const failures = COERCE_CASES.map(([cell, type, options]) => {
    const res = coerce(cell, type, options);
    if (res.ok) throw new Error(`${JSON.stringify(cell)} as ${type} was read`);
    return res;
  });

  it('the cases cover every found kind and every hint', () => {
    const found = new Set(failures.map((f) => f.problem.found));
    const hints = new Set(failures.map((f) => f.problem.hint));
    const ALL_FOUND: FoundKind[] = ['text', 'true', 'false', 'number', 'error', 'formula', 'either', 'day-month', 'stored-currency', 'text-currency'];
    const ALL_HINTS: HintCode[] = ['recalculate', 'not-finite', 'out-of-range', 'too-long', 'signs', 'two-currency-signs', 'one-currency', 'yen-rate', 'fx-rate', 'percent-not', 'exponent', 'separator-mismatch', 'declare-decimal', 'declare-date-format'];
    expect([...found].sort()).toEqual([...ALL_FOUND].sort());
    expect([...hints].filter((h) => h !== undefined).sort()).toEqual([...ALL_HINTS].sort());
  });

  it.each(COERCE_CASES.map((c, i) => [i, JSON.stringify(c[0]), c[1]] as const))('#%d %s as %s: zh-CN has no Latin prose; English as built', (i) => {
    const res = failures[i]!;
    for (const [field, outcome] of [['amount', 'row-not-counted'], ['start_date', 'none']] as const) {
      expectRendered({ code: res.code, severity: 'error', source: 'a.csv', message: valueMessageEn(field, res.problem, outcome), data: coercedData(field, res, outcome) });
    }
  });

  it('parseNumberText failures are the same facts', () => {
    const r = parseNumberText('1.234');
    expect(r).toMatchObject({ ok: false, code: 'ambiguous-number', problem: { expected: 'number', found: 'either', text: '1.234', dot: '1.234', comma: '1234', hint: 'declare-decimal' } });
  });
});

describe('value findings the readers produce (CSV exports) render in zh-CN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-value-zh-'));
  let n = 0;
  const AMOUNT = { fields: { rep: ['rep'], amount: { headers: ['amount'], type: 'money' as const }, customer: ['customer'], date: { headers: ['date'], type: 'date' as const } } };
  async function findings(text: string, options: Partial<ReadOptions>): Promise<Diagnostic[]> {
    const path = join(dir, `f${++n}.csv`);
    writeFileSync(path, text);
    const reader = await openExport(path, { source: AMOUNT, displayName: 'data.csv', ...options });
    for await (const _ of reader.batches());
    return reader.findings;
  }

  it.each([
    ['bad values, currencies, dates', 'rep,amount,customer,date\nA,abc,x,2026-01-01\nB,"$1,200.00",x,03/04/2026\nC,€800.00,x,soon\nD,50%,x,2026-01-02\nE,--5,x,2026-01-03\nF,12345678901234567890,x,2026-01-04\n', { currency: 'CNY', locale: 'zh-CN' }],
    ['conversions', 'rep,amount,customer,date\nA,"$1,200.00",x,2026-01-01\nB,€800.00,x,2026-01-01\n', { currency: 'CNY', locale: 'zh-CN', fx: fxRates({ USD: 7.2, EUR: 7.8 }) }],
    ['a column read by the usual separator', 'rep,amount,customer,date\nA,1.234,x,2026-01-01\nB,-383.031,x,2026-01-01\nC,22.368,x,2026-01-01\nD,500,x,2026-01-01\n', { currency: 'CNY', locale: 'zh-CN' }],
    ['values fitting both readings, no tie-break', 'rep,amount,customer,date\nA,1.234,x,2026-01-01\nB,-383.031,x,2026-01-01\nC,22.368,x,2026-01-01\n', { currency: 'EUR', locale: 'en' }],
    ['a column whose values refuse 1,500', 'rep,amount,customer,date\nR1,"1,500",x,2026-01-01\nR2,"2,000",x,2026-01-01\nR3,"12,5",x,2026-01-01\nR4,"7,25",x,2026-01-01\n', { currency: 'CNY', locale: 'zh-CN' }],
    ['a later value contradicting the tie-break', ['rep,amount,customer,date', ...Array.from({ length: 40 }, (_, i) => `R${i},${i + 1}.500,x,2026-01-01`), 'Z,"12,5",x,2026-01-01'].join('\n'), { currency: 'CNY', locale: 'en' }],
    ['an id stored as a number', 'rep,amount,customer,date\nA,5,1.23457E+11,2026-01-01\n', {}],
  ] as const)('%s', async (_, csv, options) => {
    const fs = await findings(csv, options as Partial<ReadOptions>);
    const value = fs.filter((f) => ['bad-number', 'bad-date', 'ambiguous-number', 'ambiguous-date', 'foreign-currency', 'currency-converted', 'mangled-id', 'formula-error', 'formula-no-value'].includes(f.code));
    expect(value.length).toBeGreaterThan(0);
    for (const f of value) expectRendered(f);
  });
});
