// The zip writer's native CRC-32 (io/zip-crc.ts) against its reference twin, buffer-crc32's JavaScript
// loop that yazl ships with: the same checksum for any bytes, whole or continued chunk by chunk; and a
// workbook written with it carries, in every entry, the checksum the reference gives its inflated bytes.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { writeXlsx } from '../../../src/io/xlsx-write.js';
import { crc32IsNative, jsCrc32, nativeCrc32, useNativeCrc32 } from '../../../src/io/zip-crc.js';
import type { WorkbookModel } from '../../../src/shared/sheet-model.js';

const bytes = fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a));

describe('nativeCrc32 is buffer-crc32', () => {
  it('the same checksum for any bytes (property)', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        expect(nativeCrc32(b)).toBe(jsCrc32(b));
      }),
      { numRuns: 500 },
    );
  });

  it('continued over any split into chunks, as yazl feeds a stream (property)', () => {
    fc.assert(
      fc.property(fc.array(bytes, { maxLength: 6 }), (chunks) => {
        let js = 0;
        let native = 0;
        for (const c of chunks) {
          js = jsCrc32(c, js);
          native = nativeCrc32(c, native);
        }
        expect(native).toBe(js);
        expect(native).toBe(jsCrc32(Buffer.concat(chunks)));
      }),
      { numRuns: 500 },
    );
  });

  it('known values: empty, "123456789" (the CRC-32 check value), 0xff bytes', () => {
    expect(nativeCrc32(Buffer.alloc(0))).toBe(0);
    expect(nativeCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(nativeCrc32(Buffer.alloc(1000, 0xff))).toBe(jsCrc32(Buffer.alloc(1000, 0xff)));
  });
});

/** Every entry of a zip: its stored CRC-32 and the reference's CRC-32 of its inflated bytes. */
async function entryCrcs(buf: Buffer): Promise<{ name: string; stored: number; actual: number }[]> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (err, z) => (err || !z ? rej(err) : res(z))));
  const out: { name: string; stored: number; actual: number }[] = [];
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return rej(err);
        let crc = 0;
        stream.on('data', (c: Buffer) => (crc = jsCrc32(c, crc)));
        stream.on('end', () => {
          out.push({ name: entry.fileName, stored: entry.crc32, actual: crc });
          zip.readEntry();
        });
        stream.on('error', rej);
      });
    });
    zip.on('end', res);
    zip.on('error', rej);
    zip.readEntry();
  });
  return out;
}

describe('the workbook writer checksums natively', () => {
  it('is switched on by the writer, and every entry of a written workbook has the reference checksum', async () => {
    expect(useNativeCrc32()).toBe(true);
    expect(crc32IsNative()).toBe(true);
    const model: WorkbookModel = {
      sheets: [
        {
          name: 'Data',
          rows: (function* () {
            for (let r = 1; r <= 3000; r++) yield { r, cells: [{ v: `row ${r} 张三 ${'x'.repeat(r % 50)}` }, { v: r * 1.5 }] };
          })(),
        },
      ],
    };
    const chunks: Buffer[] = [];
    await writeXlsx(model, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }), new Date('2026-09-30T00:00:00Z'));
    const crcs = await entryCrcs(Buffer.concat(chunks));
    expect(crcs.map((c) => c.name)).toContain('xl/worksheets/sheet1.xml');
    for (const c of crcs) expect(c.stored, c.name).toBe(c.actual);
  });
});
