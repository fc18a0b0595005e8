import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stripHeaderUnit } from '../../../src/io/normalize.js';
import { cleanIdentifier, normalizeHeader } from '../../../src/shared/text.js';
import { coerce, formatCurrency, fxRates, parseDateText, parseNumberText, serialToIsoDate } from '../../../src/io/values.js';

const num = (s: string, sep?: '.' | ',') => {
  const r = parseNumberText(s, sep);
  return r.ok ? (r.value === null ? null : r.value.toString()) : `!${r.code}`;
};
const date = (s: string, fmt?: string) => {
  const r = parseDateText(s, fmt);
  return r.ok ? r.value : `!${r.code}`;
};

describe('parseNumberText', () => {
  it.each([
    ['1,234.56', '1234.56'],
    ['¥1,234', '1234'],
    ['￥1,234', '1234'],
    ['$1,234', '1234'],
    ['RMB 1,234', '1234'],
    ['CNY1,234.5', '1234.5'],
    ['1,234元', '1234'],
    ['(1,234)', '-1234'],
    ['-1,234.5', '-1234.5'],
    ['¥-12', '-12'],
    ['12.5%', '0.125'],
    ['1.2万', '12000'],
    ['3亿', '300000000'],
    ['0.5万元', '5000'],
    ['１２３４', '1234'],
    ['１，２３４．５', '1234.5'],
    ['0.1', '0.1'],
    ['0.125', '0.125'],
    ['1234.5678', '1234.5678'],
    ['1.234.567,89', '!bad-number'],
    ['1.234,5', '!bad-number'],
    ['-', null],
    ['—', null],
    ['', null],
    ['  ', null],
    ['1.234', '1.234'],
    ['12.345', '12.345'],
    ['abc', '!bad-number'],
    ['1,23', '!bad-number'],
    ['12-3', '!bad-number'],
  ])('%j → %j (a column with a decimal point)', (input, expected) => {
    expect(num(input, '.')).toBe(expected);
  });

  it.each([
    ['1.234', '!ambiguous-number'],
    ['12.345', '!ambiguous-number'],
    ['1,234', '!ambiguous-number'],
    ['¥1,234', '!ambiguous-number'],
    ['1,234.5', '1234.5'],
    ['1.234,5', '1234.5'],
    ['1,23', '1.23'],
    ['1.234.567', '1234567'],
    ['261.96', '261.96'],
    ['41.9136', '41.9136'],
    ['0.125', '0.125'],
  ])('without a column convention, %j → %j (only a text fitting both readings is ambiguous)', (input, expected) => {
    expect(num(input)).toBe(expected);
  });

  it('keeps the sign in an ambiguous-number finding (issue 9.2: -383.031 was shown as "383.031 or 383031")', () => {
    const r = parseNumberText('-383.031');
    expect(r).toMatchObject({ ok: false, code: 'ambiguous-number', found: '"-383.031", which may be -383.031 or -383031' });
    expect(parseNumberText('(1,234)')).toMatchObject({ ok: false, found: '"(1,234)", which may be -1234 or -1.234' });
  });

  it('reads 1.234 by the declared decimal separator', () => {
    expect(num('1.234', '.')).toBe('1.234');
    expect(num('1.234', ',')).toBe('1234');
    expect(num('1,5', ',')).toBe('1.5');
    expect(num('1,234', ',')).toBe('1.234');
  });

  it('is exact: 0.1 + 0.2 as written, never a binary float', () => {
    const a = parseNumberText('0.1');
    const b = parseNumberText('0.2');
    expect(a.ok && b.ok && a.value!.plus(b.value!).toString()).toBe('0.3');
  });

  it('reads any grouped integer back exactly (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 99 }), (n, cents) => {
        const grouped = n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        const text = `¥${grouped}.${String(cents).padStart(2, '0')}`;
        expect(num(text)).toBe(`${n}.${String(cents).padStart(2, '0')}`.replace(/\.?0+$/, '') || '0');
      }),
    );
  });
});

describe('parseDateText', () => {
  it.each([
    ['2026-07-01', '2026-07-01'],
    ['2026/7/1', '2026-07-01'],
    ['2026.7.1', '2026-07-01'],
    ['2026年7月1日', '2026-07-01'],
    ['2026 年 7 月 1 日', '2026-07-01'],
    ['2026-07-01T09:30:00+08:00', '2026-07-01'],
    ['2026-07-01T23:30:00Z', '2026-07-01'],
    ['2026-07-01 23:59', '2026-07-01'],
    ['20260701', '2026-07-01'],
    ['46204', '2026-07-01'],
    ['２０２６－０７－０１', '2026-07-01'],
    ['13/07/2026', '2026-07-13'],
    ['07/13/2026', '2026-07-13'],
    ['-', null],
    ['', null],
    ['07/01/2026', '!ambiguous-date'],
    ['Jul 1, 2026', '2026-07-01'],
    ['July 01 2026', '2026-07-01'],
    ['Sept. 30, 2026 2:15 PM', '2026-09-30'],
    ['1 Jul 2026', '2026-07-01'],
    ['01-Jul-2026', '2026-07-01'],
    ['1-JUL-26', '2026-07-01'],
    ['31-Dec-29', '2029-12-31'],
    ['1-Jan-30', '1930-01-01'],
    ['Jul 31, 2026, 23:59', '2026-07-31'],
    ['Jun 31, 2026', '!bad-date'],
    ['Foo 1, 2026', '!bad-date'],
    ['Jul 1', '!bad-date'],
    ['Jul 2026', '!bad-date'],
    ['2026-02-30', '!bad-date'],
    ['2026-13-01', '!bad-date'],
    ['next week', '!bad-date'],
  ])('%j → %j', (input, expected) => {
    expect(date(input)).toBe(expected);
  });

  it('reads 07/01/2026 by the declared format', () => {
    expect(date('07/01/2026', 'MM/DD/YYYY')).toBe('2026-07-01');
    expect(date('07/01/2026', 'DD/MM/YYYY')).toBe('2026-01-07');
    expect(date('07.01.2026', 'DD.MM.YYYY')).toBe('2026-01-07');
  });
});

describe('serialToIsoDate', () => {
  it.each([
    [1, false, '1900-01-01'],
    [59, false, '1900-02-28'],
    [61, false, '1900-03-01'],
    [45839, false, '2025-07-01'],
    [46204, false, '2026-07-01'],
    [46204.99, false, '2026-07-01'],
    [0, true, '1904-01-01'],
    [44742, true, '2026-07-01'],
  ])('%d (1904: %s) → %s', (serial, d1904, expected) => {
    expect(serialToIsoDate(serial, d1904)).toBe(expected);
  });

  it('never gives the phantom 1900-02-29', () => {
    expect(serialToIsoDate(60)).toBeUndefined();
  });

  it('is one day per serial (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2_958_464 }), (n) => {
        const a = new Date(`${serialToIsoDate(n)}T00:00:00Z`).getTime();
        const b = new Date(`${serialToIsoDate(n + 1)}T00:00:00Z`).getTime();
        expect(b - a).toBe(86_400_000);
      }),
    );
  });
});

describe('coerce', () => {
  it('keeps a cached error and a formula without a value as findings, never 0', () => {
    expect(coerce({ t: 'e', v: '#DIV/0!' }, 'money')).toMatchObject({ ok: false, code: 'formula-error' });
    expect(coerce({ t: 'f', v: null }, 'number')).toMatchObject({ ok: false, code: 'formula-no-value' });
  });

  it('reads numbers stored as text and percent columns', () => {
    const v = (r: ReturnType<typeof coerce>) => (r.ok ? String(r.value) : r.code);
    expect(v(coerce({ t: 's', v: '  3,000 ' }, 'money', { decimalSeparator: '.' }))).toBe('3000');
    expect(v(coerce({ t: 'n', v: '0.35' }, 'percent'))).toBe('0.35');
    expect(v(coerce({ t: 's', v: '35' }, 'percent'))).toBe('0.35');
    expect(v(coerce({ t: 's', v: '35%' }, 'percent'))).toBe('0.35');
    expect(v(coerce({ t: 's', v: '3.5' }, 'integer'))).toBe('bad-number');
  });

  it('normalises identifiers', () => {
    expect(coerce({ t: 's', v: '张三\u3000' }, 'text')).toEqual({ ok: true, value: '张三' });
    expect(coerce({ t: 's', v: ' 张三 ' }, 'text')).toEqual({ ok: true, value: '张三' });
    expect(coerce({ t: 's', v: '张\u200b三\u0007' }, 'text')).toEqual({ ok: true, value: '张三' });
    expect(cleanIdentifier('John\u00a0\u00a0Smith')).toBe('John Smith');
  });
});

describe('headers', () => {
  it('normalises case, spaces, underscores and full-width forms', () => {
    expect(normalizeHeader('Close Date')).toBe('closedate');
    expect(normalizeHeader('close_date')).toBe('closedate');
    expect(normalizeHeader('ＣＬＯＳＥ　ＤＡＴＥ')).toBe('closedate');
    expect(stripHeaderUnit('金额（元）')).toEqual({ base: '金额', unit: '元' });
  });
});

describe('currencies shown by an XLSX number format (issue 10.3)', () => {
  it.each([
    ['"$"#,##0.00', '$'],
    ['\\$#,##0', '$'],
    ['$#,##0.00_);($#,##0.00)', '$'],
    ['[$€-407] #,##0.00', 'EUR'],
    ['#,##0.00 [$€-1]', 'EUR'],
    ['[$USD] #,##0', 'USD'],
    ['[$¥-804]#,##0.00;[Red][$¥-804]-#,##0.00', '¥'],
    ['"¥"#,##0;[Red]-"¥"#,##0', '¥'],
    ['#,##0"元"', '元'],
    ['[$-804]yyyy-mm-dd', undefined],
    ['#,##0.00', undefined],
    ['0.0%', undefined],
    ['"constructor"0', undefined],
    ['"$"#,##0;"€"#,##0', '$|EUR'],
  ])('formatCurrency(%j) → %j', (code, expected) => {
    expect(formatCurrency(code)).toBe(expected);
  });

  it('a numeric cell shown in another currency is refused, or converted with a rate', () => {
    const cell = { t: 'n' as const, v: '1200', cur: formatCurrency('[$€-407] #,##0.00')! };
    expect(coerce(cell, 'money', { currency: 'CNY' })).toMatchObject({ ok: false, code: 'foreign-currency', found: "1200 shown as EUR by the cell's number format" });
    const conv = coerce(cell, 'money', { currency: 'CNY', fx: fxRates({ EUR: 7.8 }) });
    expect(conv.ok && conv.value!.toString()).toBe('9360');
    expect(conv).toMatchObject({ conversion: { value: '1200', from: 'EUR', rate: '7.8', converted: '9360', to: 'CNY' } });
    expect(coerce({ t: 'n', v: '5', cur: '¥' }, 'money', { currency: 'CNY' })).toMatchObject({ ok: true });
    expect(coerce({ t: 'n', v: '5', cur: '$|EUR' }, 'money', { currency: 'CNY' })).toMatchObject({ ok: false, code: 'foreign-currency' });
    // no rubric currency given: not checked
    expect(coerce(cell, 'money')).toMatchObject({ ok: true });
  });
});

describe('a row currency column (rowCurrency)', () => {
  it('an amount without a sign is in the row currency: converted by fx, else refused; a sign of its own wins', async () => {
    const { coerce, rowCurrencyCode } = await import('../../../src/io/values.js');
    const { Decimal } = await import('decimal.js');
    expect([rowCurrencyCode('eur'), rowCurrencyCode('欧元'), rowCurrencyCode(' RMB '), rowCurrencyCode(''), rowCurrencyCode('Euro')]).toEqual(['EUR', 'EUR', 'CNY', undefined, 'EURO']);
    const fx = { EUR: new Decimal('1.1') };
    const conv = coerce({ t: 's', v: '2000' }, 'money', { currency: 'USD', fx, rowCurrency: 'EUR', decimalSeparator: '.' });
    expect(conv.ok && String(conv.value)).toBe('2200');
    const refused = coerce({ t: 'n', v: '2000' }, 'money', { currency: 'USD', rowCurrency: 'EUR' });
    expect(refused.ok ? 'ok' : [refused.code, refused.problem.found, refused.problem.foreign]).toEqual(['foreign-currency', 'row-currency', 'EUR']);
    const own = coerce({ t: 's', v: '$300' }, 'money', { currency: 'USD', rowCurrency: 'EUR', decimalSeparator: '.' });
    expect(own.ok && String(own.value)).toBe('300');
  });
});
