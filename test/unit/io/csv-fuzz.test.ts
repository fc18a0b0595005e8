/**
 * Fuzz: mutated CSV bytes through openExport, in-process. Every case either reads to the end or fails
 * with the project's typed input error (SalesgradeError) — never another exception — within a bounded
 * time. Seeded, so a failure replays.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openExport } from '../../../src/io/read-export.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

const SEED_TEXT = [
  '销售代表,日期,金额,客户名称,备注',
  '张三,2026-07-01,"1,234.50",华东制造,"多行\n备注"',
  '李四,2026/7/2,¥88,"""引号""客户",',
  '王五,2026年7月3日,(1,234),客户;甲;乙,Hot;Key',
  '合计,,1322.5,,',
].join('\r\n');

const bases: Buffer[] = [
  Buffer.from(SEED_TEXT + '\r\n', 'utf8'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED_TEXT, 'utf8')]),
  iconv.encode(SEED_TEXT + '\r\n', 'gb18030'),
  Buffer.from(`\uFEFF${SEED_TEXT.replace(/,/g, '\t')}\n`, 'utf16le'),
];

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; bytes: number[] } | { kind: 'truncate'; at: number } | { kind: 'delete'; at: number; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom<number[]>([0x22], [0x22, 0x22, 0x22], [0x00], [0x0d], [0x0a], [0xe4, 0xb8], [0x81, 0x30], [0xff, 0xfe], [0x2c, 0x2c, 0x2c], [0x3b]),
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
);

function mutate(base: Buffer, ms: Mutation[]): Buffer {
  let b = Buffer.from(base);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % (b.length + 1);
    if (m.kind === 'flip' && at < b.length) b[at] = m.byte;
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n)]);
  }
  return b;
}

const source = {
  fields: {
    rep: ['销售代表'],
    date: { headers: ['日期'], type: 'date' as const },
    amount: { headers: ['金额'], type: 'money' as const },
    customer: ['客户名称'],
    note: ['备注'],
  },
};

describe('openExport on mutated CSV bytes (fuzz)', () => {
  it('reads or refuses with a SalesgradeError, each case in bounded time', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-fuzz-'));
    let n = 0;
    const outcomes = { read: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (b, ms, withRubric) => {
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, mutate(bases[b]!, ms));
        const started = performance.now();
        try {
          const reader = await openExport(path, { source: withRubric ? source : undefined, keepRaw: true });
          for await (const _ of reader.batches());
          expect(reader.sha256()).toMatch(/^[0-9a-f]{64}$/);
          outcomes.read++;
        } catch (e) {
          if (!(e instanceof SalesgradeError)) throw e;
          expect(e.toLine()).not.toContain('\n');
          outcomes.refused++;
        }
        // a hang or a blow-up on a few-KB file, not a slow machine: 1 s tripped at load ~20 (wall time
        // of a worker thread sharing 2 cores with 20 processes); a case takes ~5 ms idle
        expect(performance.now() - started).toBeLessThan(5000);
      }),
      { numRuns: 250, seed: 20261130 },
    );
    // the mutations reach both outcomes
    expect(outcomes.read).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(20);
  });
});
