import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodedChunks, READ_BYTES, strictDecoder, type Encoding, type EncodingInfo } from '../../../src/io/decode.js';
import { openExport } from '../../../src/io/read-export.js';
import { SalesgradeError } from '../../../src/shared/errors.js';

function errorOf(f: () => unknown): SalesgradeError {
  try {
    f();
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error('no error');
}

async function readError(path: string): Promise<SalesgradeError> {
  try {
    const r = await openExport(path, { source: undefined });
    for await (const _ of r.batches());
  } catch (e) {
    if (e instanceof SalesgradeError) return e;
    throw e;
  }
  throw new Error('read without an error');
}

const dir = mkdtempSync(join(tmpdir(), 'sg-decode-'));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('encoding errors name the real line (9.10)', () => {
  it('a UTF-8-BOM CSV with a bad byte on line 20002 says line 20002 (was 16503: the start of its 256 KB chunk)', async () => {
    const lines = ['销售代表,日期,金额'];
    for (let i = 2; i <= 20001; i++) lines.push(`张三${i},2026-07-01,${i}`);
    const body = Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
    const bad = Buffer.concat([Buffer.from('李四', 'utf8'), Buffer.from([0xff]), Buffer.from(',2026-07-02,5\r\n')]);
    const path = join(dir, 'big-bom.csv');
    writeFileSync(path, Buffer.concat([BOM, body, bad]));
    const e = await readError(path);
    expect(e.code).toBe('input-encoding');
    expect(e.location).toEqual({ file: path, line: 20002, column: 3 });
    expect(e.message).toBe(`not valid UTF-8 text on line 20002, column 3 (byte 0xFF at offset ${BOM.length + body.length + 6}, an invalid byte sequence)`);
  });

  it('a small UTF-8-BOM CSV names line 3, not line 1', async () => {
    const path = join(dir, 'small-bom.csv');
    writeFileSync(path, Buffer.concat([BOM, Buffer.from('销售代表,金额\n张三,1\n王'), Buffer.from([0xe5, 0x41]), Buffer.from(',2\n')]));
    const e = await readError(path);
    expect(e.toLine()).toBe(`${path}:3:2: not valid UTF-8 text on line 3, column 2 (byte 0xE5 at offset 35, an invalid byte sequence) (check --encoding, or save the file as UTF-8 CSV)`);
  });

  it('a UTF-16LE file with a lone surrogate names its line', async () => {
    const path = join(dir, 'u16.csv');
    const text = Buffer.from('\uFEFF销售代表,金额\n张三,1\n李四,2\nX', 'utf16le');
    writeFileSync(path, Buffer.concat([text, Buffer.from([0x00, 0xdc]), Buffer.from(',3\n', 'utf16le')]));
    const e = await readError(path);
    expect(e.location).toEqual({ file: path, line: 4, column: 2 });
  });

  it('a file that ends inside a character names the last line', () => {
    const d = strictDecoder('utf-8', 'f.csv');
    d.write(Buffer.from('a\nb\nc'));
    d.write(Buffer.from([0xe4, 0xb8]));
    const e = errorOf(() => d.end());
    expect(e.message).toBe('not valid UTF-8 text on line 3, column 2 (the file ends inside a character)');
  });

  // property: wherever the bad byte is and however the bytes are cut into chunks, the line, column
  // and offset are those of the bad byte
  const piece = fc.constantFrom('a', ',', '张', '𠮷', 'é', '\n', '\r\n', '"');
  it.each<[Encoding, (s: string) => Buffer, number[]]>([
    ['utf-8', (s) => Buffer.from(s, 'utf8'), [0xff]],
    ['utf-8', (s) => Buffer.from(s, 'utf8'), [0xc3, 0x28]],
    ['utf-16le', (s) => Buffer.from(s, 'utf16le'), [0x00, 0xdc]],
    ['utf-16be', (s) => Buffer.from(s, 'utf16le').swap16(), [0xdc, 0x00]],
  ])('%s: any split of the bytes gives the bad byte its line and offset (property, %#)', (encoding, encode, badBytes) => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(piece, { maxLength: 10 }), fc.array(fc.nat(60), { maxLength: 6 }), (before, after, cuts) => {
        const pre = before.join('');
        const bytes = Buffer.concat([encode(pre), Buffer.from(badBytes), encode(after.join(''))]);
        const d = strictDecoder(encoding, 'f');
        const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
        const e = errorOf(() => {
          let at = 0;
          for (const p of [...points, bytes.length]) {
            d.write(bytes.subarray(at, p));
            at = p;
          }
          d.end();
        });
        const lines = pre.split(/\n/);
        expect(e.location?.line).toBe(lines.length);
        expect(e.location?.column).toBe(lines[lines.length - 1]!.length + 1);
        const badAt = encode(pre).length;
        expect(e.message).toContain(`at offset ${badAt}`);
      }),
      { numRuns: 150 },
    );
  });
});

describe('decodedChunks: chunk size (issue 12, peak RSS of the 1M-row default commands)', () => {
  // V8 keeps a string over 128 KB in its large-object space until a full collection, and every field
  // cut from a chunk keeps the chunk alive: the chunks must stay ordinary heap objects, in any encoding.
  const dir = mkdtempSync(join(tmpdir(), 'sg-chunks-'));
  const line = (i: number) => `D${i},Ann Lee,${i % 7 === 0 ? 'Café crème' : 'plain'},${i % 5 === 0 ? '销售一部' : 'North'},${i * 3}.50\n`;
  const text = Array.from({ length: 12_000 }, (_, i) => line(i)).join('');
  const cases: { name: string; bytes: Buffer; info: EncodingInfo }[] = [
    { name: 'UTF-8, ASCII only', bytes: Buffer.from(text.replace(/[^\x00-\x7f]/g, 'x'), 'utf8'), info: { encoding: 'utf-8', bom: 0 } },
    { name: 'UTF-8 with accents and CJK', bytes: Buffer.from(text, 'utf8'), info: { encoding: 'utf-8', bom: 0 } },
    { name: 'UTF-16 LE with BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), info: { encoding: 'utf-16le', bom: 2 } },
  ];
  it.each(cases)('$name: every chunk is at most READ_BYTES (+ a cut character) of text, and together they are the file', async ({ bytes, info, name }) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.csv`);
    writeFileSync(path, bytes);
    expect(bytes.length).toBeGreaterThan(8 * READ_BYTES);
    const chunks: string[] = [];
    for await (const c of decodedChunks(path, info)) chunks.push(c);
    expect(chunks.join('')).toBe(info.encoding === 'utf-8' && name.includes('ASCII') ? text.replace(/[^\x00-\x7f]/g, 'x') : text);
    // 32 KB of bytes → at most 32K UTF-16 units (64 KB as a two-byte string), plus a character cut at the previous read's end
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(READ_BYTES + 4);
    // …and under V8's large-object size: a one-byte string takes a byte a unit, a two-byte string two
    const heapBytes = (c: string) => (/[^\x00-\xff]/.test(c) ? 2 : 1) * c.length;
    for (const c of chunks) expect(heapBytes(c)).toBeLessThan(128 * 1024 - 64);
  });
});
