// The fast twins of value coercion, tied to their references over adversarial strings.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES } from '../../../src/rubric/schema.js';
import { cleanText, coerce, coerceFast, isBlankCell, numberEvidence, parseNumberText, type RawCell } from '../../../src/io/values.js';
import { cleanIdentifier } from '../../../src/shared/text.js';
import type { SeparatorRefusal } from '../../../src/shared/value-facts.js';
import { adversarialString, mutated, same } from '../shared/adversarial.js';

const SEEDS = ['0', '7', '1234567', '12345678', '-5', '1.5', '-1.234', '1.234', '261.96', '41.9136', '0.125', '2026-07-01', '2026-02-29', '2024-02-29', '张三', 'Ann Lee', '', ' ', '1,234', '007', '1e5', '999999999999999', '0.000000000001'];
const text = fc.oneof(adversarialString(14), mutated(SEEDS), fc.constantFrom(...SEEDS));
const show = (v: unknown) => (v instanceof Decimal ? `D:${v.toString()}` : v);

// a column read with the usual "." that some values contradict, and one whose values overruled it
const CONTRADICTED: SeparatorRefusal = { refuse: 'contradicted', sep: ',', usual: '.', votes: 1, against: 0 };
const OVERRULED: SeparatorRefusal = { refuse: 'most-values', sep: ',', usual: '.', votes: 3, against: 0 };

describe('coerceFast is coerce on the cases it takes', () => {
  it('gives the same value as coerce for any text cell, type and decimal separator (property)', () => {
    const arb = fc.tuple(text, fc.constantFrom(...FIELD_TYPES), fc.constantFrom(undefined, '.' as const, ',' as const));
    fc.assert(
      fc.property(arb, ([v, type, sep]) => {
        const cell: RawCell = { t: 's', v };
        const fast = coerceFast(cell, type, sep);
        if (fast === undefined) return;
        const ref = coerce(cell, type, { decimalSeparator: sep });
        same(ref.ok, true, 'coerce ok');
        same(show(fast), show(ref.ok ? ref.value : undefined), 'coerceFast');
      }),
      { numRuns: 20000 },
    );
  });

  it('gives the same value as coerce for any XLSX number cell, with or without a currency (property)', () => {
    const numberText = fc.oneof(text, fc.double({ noNaN: true }).map(String), fc.integer().map(String), fc.constantFrom('-0', '1e21', '999999999999999999', '123456789012345.5'));
    const arb = fc.tuple(numberText, fc.constantFrom(...FIELD_TYPES), fc.constantFrom(undefined, '.' as const, ',' as const), fc.constantFrom(undefined, 'EUR', 'USD'));
    let taken = 0;
    fc.assert(
      fc.property(arb, ([v, type, sep, cur]) => {
        const cell: RawCell = cur === undefined ? { t: 'n', v } : { t: 'n', v, cur };
        const fast = coerceFast(cell, type, sep);
        if (fast === undefined) return;
        taken++;
        const ref = coerce(cell, type, { decimalSeparator: sep, currency: 'USD', fx: { EUR: new Decimal('1.1') } });
        same(ref.ok, true, 'coerce ok');
        same(show(fast), show(ref.ok ? ref.value : undefined), 'coerceFast');
      }),
      { numRuns: 20000 },
    );
    expect(taken).toBeGreaterThan(500);
    // a currency, an integer column or a percent column: the full coercion
    expect(coerceFast({ t: 'n', v: '12', cur: 'EUR' }, 'money')).toBeUndefined();
    expect(coerceFast({ t: 'n', v: '12' }, 'integer')).toBeUndefined();
    expect(coerceFast({ t: 'n', v: '12' }, 'percent')).toBeUndefined();
    expect(show(coerceFast({ t: 'n', v: '152400.5' }, 'money'))).toBe('D:152400.5');
  });

  it('agrees on date cells and on missing cells', () => {
    expect(coerceFast({ t: 'd', v: '2026-07-01T10:00:00', serial: '46204.4' }, 'date')).toBe('2026-07-01');
    expect(coerceFast(undefined, 'money')).toBeNull();
    expect(coerce(undefined, 'money')).toEqual({ ok: true, value: null });
  });

  it('parseNumberText\'s plain-number fast path gives what the full parse gives (property)', () => {
    // the full parse of the same text with a leading "+", which skips the fast path
    const numeric = fc.stringMatching(/^(?:0|[1-9]\d{0,14})(?:\.\d{1,12})?$/);
    fc.assert(
      fc.property(numeric, fc.constantFrom(undefined, '.' as const), fc.constantFrom(undefined, CONTRADICTED, OVERRULED), (v, sep, refuse) => {
        const a = parseNumberText(v, sep, refuse);
        const b = parseNumberText(`+${v}`, sep, refuse);
        same(b.ok, a.ok, 'both read or both refuse');
        if (!a.ok || a.value === null) return;
        same(b.ok, true, 'full parse ok');
        if (b.ok) {
          same(show(b.value), show(a.value), 'value');
          same(b.evidence, a.evidence, 'evidence');
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('isBlankCell and cleanText agree with cleanIdentifier (property)', () => {
    fc.assert(
      fc.property(text, (v) => {
        same(cleanText(v), cleanIdentifier(v), 'cleanText');
        same(isBlankCell({ t: 's', v }), cleanIdentifier(v) === '', 'isBlankCell');
      }),
      { numRuns: 10000 },
    );
  });

  it('never throws and stays bounded on adversarial text (property)', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...FIELD_TYPES), (v, type) => {
        const r = coerce({ t: 's', v }, type, { decimalSeparator: '.', currency: 'CNY' });
        if (r.ok && r.value instanceof Decimal) same(r.value.abs().lt('1e18'), true, `|${r.value.toString()}| < 1e18`);
        numberEvidence(v);
      }),
      { numRuns: 20000 },
    );
  });
});
