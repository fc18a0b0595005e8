// writeData (src/io/atomic-write.ts): a payload given in pieces is written from one reused buffer,
// byte for byte the pieces' UTF-8 (issue 10 item 16: pieces joined into ~1 MB strings were large
// objects V8 frees only in a full collection — over 1 GB of them for 61,000 reps' 900 MB JSON).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeData, writeFileAtomic } from '../../../src/io/atomic-write.js';

/** A handle that keeps what is written and how. */
function recorder() {
  const chunks: Buffer[] = [];
  const calls: { kind: 'write' | 'writeFile'; buffer?: Buffer; string?: number }[] = [];
  const handle = {
    write: async (b: Buffer, offset = 0, length = b.length - offset) => {
      calls.push({ kind: 'write', buffer: b });
      // a short write now and then: the rest must follow
      const n = length > 10 ? Math.ceil(length / 2) : length;
      chunks.push(Buffer.from(b.subarray(offset, offset + n)));
      return { bytesWritten: n, buffer: b };
    },
    writeFile: async (d: string | Buffer) => {
      calls.push(typeof d === 'string' ? { kind: 'writeFile', string: d.length } : { kind: 'writeFile', buffer: d });
      chunks.push(typeof d === 'string' ? Buffer.from(d, 'utf8') : d);
    },
  };
  return { handle: handle as unknown as Parameters<typeof writeData>[0], bytes: () => Buffer.concat(chunks), calls };
}

describe('writeData', () => {
  it('writes 3 MB of pieces from one reused buffer: no string written, the bytes those of the joined text', async () => {
    const pieces = Array.from({ length: 60_000 }, (_, i) => `{"rep":"R${i}","note":"${i % 3 ? 'ok' : '÷ 张三 😀'}"},\n`);
    const r = recorder();
    await writeData(r.handle, pieces);
    expect(r.bytes().equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
    expect(r.calls.every((c) => c.kind === 'write')).toBe(true);
    expect(new Set(r.calls.map((c) => c.buffer)).size).toBe(1);
  });

  it('a piece longer than the buffer is written on its own, in order', async () => {
    const long = '中'.repeat(700_000);
    const pieces = ['a', long, 'b', '', 'c'.repeat(40_000)];
    const r = recorder();
    await writeData(r.handle, pieces);
    expect(r.bytes().toString('utf8')).toBe(pieces.join(''));
  });

  it('any pieces (property): the file holds their UTF-8, through writeFileAtomic', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sg-atomic-'));
    afterAll(() => rm(dir, { recursive: true, force: true }));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 70_000 })), { maxLength: 60 }), async (pieces) => {
        const file = join(dir, `out-${n++}.txt`);
        await writeFileAtomic(file, pieces, (e) => e as Error);
        expect((await readFile(file)).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
