import { createHash } from 'node:crypto';
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentDate, NoteBoxes, vmlXml, vmlXmlReference, workbookBytes, writeWorkbookAtomic, YOUNG_COLLECT_BYTES } from '../../../src/io/xlsx-write.js';
import { SalesgradeError } from '../../../src/shared/errors.js';
import type { WorkbookModel } from '../../../src/shared/sheet-model.js';
import { readEntries } from '../report/workbook-dump.js';

const DATE = new Date('2026-09-30T00:00:00Z');

function sampleWorkbook(): WorkbookModel {
  return {
    sheets: [
      {
        name: '评分卡',
        conditional: [
          { ref: 'B2:B3', rule: { type: 'dataBar', min: 0, color: 'FF5B9BD5' } },
          { ref: 'C2:C3', rule: { type: 'dataBar', min: 0, color: 'FF5B9BD5' } },
        ],
        rows: [
          { r: 1, cells: [{ v: 'rep' }, { v: 'score' }] },
          { r: 2, cells: [{ v: '张三', note: 'a note' }, { v: 97.5 }] },
          { r: 3, cells: [{ v: 'Alice' }, { v: 80 }] },
        ],
      },
    ],
  };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function zipNames(buf: Buffer): Promise<{ name: string; time: number; date: number }[]> {
  return new Promise((res, rej) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err);
      const out: { name: string; time: number; date: number }[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        out.push({ name: e.fileName, time: e.lastModFileTime, date: e.lastModFileDate });
        zip.readEntry();
      });
      zip.on('end', () => res(out));
      zip.on('error', rej);
      zip.readEntry();
    });
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sg-xlsx-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('workbookBytes', () => {
  it('gives byte-identical output for the same workbook built twice, with data bars', async () => {
    const a = await workbookBytes(sampleWorkbook(), DATE);
    await new Promise((r) => setTimeout(r, 1100)); // a second later: the zip writer's clock must not leak in
    const b = await workbookBytes(sampleWorkbook(), DATE);
    expect(sha(a)).toBe(sha(b));
  });

  it('stamps core.xml and every zip entry with the given date', async () => {
    const buf = await workbookBytes(sampleWorkbook(), new Date('2026-07-15T10:20:30Z'));
    const entries = await zipNames(buf);
    expect(entries.map((e) => e.name)).toContain('docProps/core.xml');
    // DOS time 10:20:30 → (10<<11)|(20<<5)|15; date 2026-07-15 → (46<<9)|(7<<5)|15
    for (const e of entries) {
      expect(e.time).toBe((10 << 11) | (20 << 5) | 15);
      expect(e.date).toBe((46 << 9) | (7 << 5) | 15);
    }
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buf as unknown as ExcelJS.Buffer);
    expect(back.created.toISOString()).toBe('2026-07-15T10:20:30.000Z');
    expect(back.modified.toISOString()).toBe('2026-07-15T10:20:30.000Z');
    const ws = back.getWorksheet('评分卡')!;
    expect(ws.getCell('A2').value).toBe('张三');
    expect(ws.getCell('B2').value).toBe(97.5);
  });

  it('different dates give different bytes', async () => {
    const a = await workbookBytes(sampleWorkbook(), DATE);
    const b = await workbookBytes(sampleWorkbook(), new Date('2026-10-01T00:00:00Z'));
    expect(sha(a)).not.toBe(sha(b));
  });
});

describe('deterministic zip', () => {
  it('the bytes do not depend on the time zone (zip timestamps are the UTC date)', async () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Shanghai';
      const a = await workbookBytes(sampleWorkbook(), new Date('2026-07-15T23:20:30Z'));
      process.env.TZ = 'America/Los_Angeles';
      const b = await workbookBytes(sampleWorkbook(), new Date('2026-07-15T23:20:30Z'));
      expect(sha(a)).toBe(sha(b));
      const entries = await zipNames(b);
      expect(entries[0]).toMatchObject({ time: (23 << 11) | (20 << 5) | 15, date: (46 << 9) | (7 << 5) | 15 });
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('parts in a fixed order; each data bar paired with its x14 twin by a stable id', async () => {
    const buf = await workbookBytes(sampleWorkbook(), DATE);
    expect((await zipNames(buf)).map((e) => e.name)).toEqual([
      '_rels/.rels',
      'docProps/core.xml',
      'docProps/app.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/comments1.xml',
      'xl/drawings/vmlDrawing1.vml',
      'xl/styles.xml',
      '[Content_Types].xml',
    ]);
    const xml = (await readEntries(buf)).get('xl/worksheets/sheet1.xml')!;
    const ids = [...xml.matchAll(/<x14:id>(\{[^}]*\})<\/x14:id>/g)].map((m) => m[1]);
    const twins = [...xml.matchAll(/<x14:cfRule type="dataBar" id="(\{[^}]*\})"/g)].map((m) => m[1]);
    expect(ids).toEqual(['{00000000-0000-4000-8000-0000000F4241}', '{00000000-0000-4000-8000-0000000F4242}']);
    expect(twins).toEqual(ids);
  });
});

describe('writeWorkbookAtomic', () => {
  it('writes a readable workbook and leaves no temp file', async () => {
    const out = join(dir, 'out.xlsx');
    await writeWorkbookAtomic(sampleWorkbook(), out, { inputs: [], date: DATE });
    expect(await readdir(dir)).toEqual(['out.xlsx']);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    expect(back.getWorksheet('评分卡')!.getCell('A3').value).toBe('Alice');
  });

  it('writes the same bytes twice', async () => {
    await writeWorkbookAtomic(sampleWorkbook(), join(dir, 'a.xlsx'), { inputs: [], date: DATE });
    await writeWorkbookAtomic(sampleWorkbook(), join(dir, 'b.xlsx'), { inputs: [], date: DATE });
    expect(sha(await readFile(join(dir, 'a.xlsx')))).toBe(sha(await readFile(join(dir, 'b.xlsx'))));
  });

  it('the file holds exactly the bytes of workbookBytes: pieces queued during a write go out together, in order', async () => {
    // Many sheets with notes: dozens of zip pieces, most of them queued behind a write in flight (writev).
    const big: WorkbookModel = {
      sheets: Array.from({ length: 6 }, (_, s) => ({
        name: `S${s}`,
        rows: Array.from({ length: 400 }, (_, i) => ({ r: i + 1, cells: [{ v: `rep ${s}-${i}`, ...(i % 50 === 0 ? { note: `note ${i}` } : {}) }, { v: i * 1.25 + s }] })),
      })),
    };
    for (const model of [sampleWorkbook(), big]) {
      const out = join(dir, 'w.xlsx');
      await writeWorkbookAtomic(model, out, { inputs: [], date: DATE });
      expect(sha(await readFile(out))).toBe(sha(await workbookBytes(model, DATE)));
    }
  });

  it('replaces an existing output', async () => {
    const out = join(dir, 'out.xlsx');
    await writeFile(out, 'old');
    await writeWorkbookAtomic(sampleWorkbook(), out, { inputs: [], date: DATE });
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
  });

  async function expectCode(p: Promise<unknown>, code: string): Promise<SalesgradeError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SalesgradeError);
    expect((err as SalesgradeError).code).toBe(code);
    return err as SalesgradeError;
  }

  it('refuses the input path itself, through .., a symlink and a hard link; the input is untouched', async () => {
    const input = join(dir, 'q3.xlsx');
    await writeFile(input, 'INPUT');
    await mkdir(join(dir, 'sub'));
    await symlink(input, join(dir, 'link.xlsx'));
    await link(input, join(dir, 'hard.xlsx'));
    const err = await expectCode(writeWorkbookAtomic(sampleWorkbook(), input, { inputs: [input], date: DATE }), 'output-is-input');
    expect(err.toLine()).toBe(`${input}: refusing to write the workbook here: it is an input file (choose another path with -w; salesgrade never modifies its inputs)`);
    for (const out of [`${dir}/sub/../q3.xlsx`, join(dir, 'link.xlsx'), join(dir, 'hard.xlsx')]) {
      const e = await expectCode(writeWorkbookAtomic(sampleWorkbook(), out, { inputs: [input], date: DATE }), 'output-is-input');
      expect(e.message).toBe(out.includes('..') ? 'refusing to write the workbook here: it is an input file' : `refusing to write the workbook here: it is the input ${input}`);
    }
    // an input given through a symlink, output the real file
    await expectCode(writeWorkbookAtomic(sampleWorkbook(), input, { inputs: [join(dir, 'link.xlsx')], date: DATE }), 'output-is-input');
    expect(await readFile(input, 'utf8')).toBe('INPUT');
    expect((await readdir(dir)).sort()).toEqual(['hard.xlsx', 'link.xlsx', 'q3.xlsx', 'sub']);
  });

  it('a missing folder is output-unwritable with the reason, and nothing is left behind', async () => {
    const err = await expectCode(
      writeWorkbookAtomic(sampleWorkbook(), join(dir, 'nope', 'out.xlsx'), { inputs: [], date: DATE }),
      'output-unwritable',
    );
    expect(err.toLine()).toBe(`${join(dir, 'nope', 'out.xlsx')}: cannot write the workbook: the folder does not exist (choose another path with -w)`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a folder as output path is output-unwritable', async () => {
    await mkdir(join(dir, 'out.xlsx'));
    const err = await expectCode(writeWorkbookAtomic(sampleWorkbook(), join(dir, 'out.xlsx'), { inputs: [], date: DATE }), 'output-unwritable');
    expect(err.message).toBe('cannot write the workbook: the path is a folder');
  });

  it('a failed rename removes the temp file and keeps the old target', async () => {
    // A non-empty folder where the file should go: open/write succeed, rename fails.
    const target = join(dir, 'busy.xlsx');
    await mkdir(target);
    await writeFile(join(target, 'keep'), 'x');
    await expectCode(writeWorkbookAtomic(sampleWorkbook(), target, { inputs: [], date: DATE }), 'output-unwritable');
    expect((await readdir(dir)).sort()).toEqual(['busy.xlsx']);
  });
});

describe('notes of rows given by a factory', () => {
  const rows = (flip = false) =>
    function* () {
      for (let r = 1; r <= 300; r++) yield { r, cells: [{ v: `rep ${r}`, note: `note ${r}` }, { v: r, ...(r % 7 === 0 || (flip && r === 10) ? { note: `seven ${r}` } : {}) }] };
    };
  it('a factory is called once: its comments are built in the same pass as the sheet, held as text or deflated past the budget, the same bytes', async () => {
    // issue 10 item 16: the Scorecard's rows were generated a second time for the comments part
    // (2.8 M notes at 61,000 reps × 10 KPIs, built twice)
    let calls = 0;
    const counted = () => {
      calls++;
      return rows()();
    };
    const held = await workbookBytes({ sheets: [{ name: 'S', rows: rows() }] }, DATE);
    const deflated = await workbookBytes({ sheets: [{ name: 'S', rows: counted }] }, DATE, { noteBudget: 0 });
    expect(calls).toBe(1);
    expect(sha(deflated)).toBe(sha(held));
    expect((await readEntries(deflated)).get('xl/comments1.xml')!.match(/<comment /g)).toHaveLength(342);
  });

  it('comments past the default budget (1 MB of XML, here ~2.2 MB in 9 pieces) are kept deflated: the same bytes as kept whole, the notes in row order', async () => {
    const long = 'x'.repeat(999);
    const big = () =>
      function* () {
        for (let r = 1; r <= 2_000; r++) yield { r, cells: [{ v: r, note: `${r} ${long}` }, undefined, { v: 'a', note: `c${r} & <b>` }] };
      };
    let calls = 0;
    const counted = () => {
      calls++;
      return big()();
    };
    const defaulted = await workbookBytes({ sheets: [{ name: 'S', rows: counted }] }, DATE);
    expect(calls).toBe(1);
    const kept = await workbookBytes({ sheets: [{ name: 'S', rows: big() }] }, DATE, { noteBudget: Infinity });
    expect(sha(defaulted)).toBe(sha(kept));
    const xml = (await readEntries(defaulted)).get('xl/comments1.xml')!;
    const refs = [...xml.matchAll(/<comment ref="([A-Z]+\d+)"/g)].map((m) => m[1]);
    expect(refs).toHaveLength(4_000);
    expect(refs.slice(0, 4)).toEqual(['A1', 'C1', 'A2', 'C2']);
    expect(refs.at(-1)).toBe('C2000');
    expect(xml).toContain('<t xml:space="preserve">c2000 &amp; &lt;b&gt;</t>');
  });

  it('a big workbook (tuning.collect): a young collection every YOUNG_COLLECT_BYTES of a notes part, one full collection after the parts, before the next sheet; the same bytes', async () => {
    const long = 'y'.repeat(1_999);
    const events: string[] = [];
    const model = (): WorkbookModel => ({
      sheets: [
        {
          name: 'S',
          rows: function* () {
            // ~2 KB of comment XML a note, 2 notes a row: ~12 MB of comments, ~3 MB of VML
            for (let r = 1; r <= 3_000; r++) yield { r, cells: [{ v: r, note: `${r} ${long}` }, { v: 'a', note: `c${r} ${long}` }] };
          },
        },
        {
          name: 'T',
          rows: function* () {
            events.push('rows of T');
            yield { r: 1, cells: [{ v: 1 }] };
          },
        },
      ],
    });
    const plain = await workbookBytes(model(), DATE);
    events.length = 0;
    const collected = await workbookBytes(model(), DATE, { collect: { young: () => events.push('young'), full: () => events.push('full') } });
    expect(sha(collected)).toBe(sha(plain));
    const entries = await readEntries(plain);
    const bytes = Buffer.byteLength(entries.get('xl/comments1.xml')!) + Buffer.byteLength(entries.get('xl/drawings/vmlDrawing1.vml')!);
    expect(bytes).toBeGreaterThan(3 * YOUNG_COLLECT_BYTES);
    const young = events.filter((e) => e === 'young').length;
    // (counted per part: each part's last few MB may end before a collection)
    expect(young).toBeGreaterThanOrEqual(Math.floor(bytes / YOUNG_COLLECT_BYTES) - 2);
    expect(young).toBeLessThanOrEqual(Math.ceil(bytes / YOUNG_COLLECT_BYTES));
    // the full collection once, after every young one, before the next sheet's rows; none for sheet T
    expect(events.slice(young)).toEqual(['full', 'rows of T']);
  });
});

describe('writeWorkbookAtomic with streamed rows', () => {
  it('a row generator that fails mid-way: the error comes through, no temp file, the old target kept', async () => {
    const target = join(dir, 'out.xlsx');
    await writeFile(target, 'OLD');
    async function* rows() {
      for (let r = 1; r <= 50_000; r++) {
        if (r === 40_000) throw new SalesgradeError('input-unreadable', 'the file changed while it was read');
        yield { r, cells: [{ v: `row ${r}` }, { v: r }] };
      }
    }
    const err = await writeWorkbookAtomic({ sheets: [{ name: 'Data', rows: rows() }] }, target, { inputs: [], date: DATE }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SalesgradeError);
    expect((err as SalesgradeError).code).toBe('input-unreadable');
    expect(await readdir(dir)).toEqual(['out.xlsx']);
    expect(await readFile(target, 'utf8')).toBe('OLD');
  });

  it('rows that do not ascend are an internal error, not a silently broken sheet', async () => {
    const model: WorkbookModel = { sheets: [{ name: 'S', rows: [{ r: 2, cells: [{ v: 1 }] }, { r: 2, cells: [{ v: 2 }] }] }] };
    await expect(workbookBytes(model, DATE)).rejects.toThrow(/row 2 after row 2/);
  });
});

describe('documentDate', () => {
  it('prefers SOURCE_DATE_EPOCH, then as-of, then the period end', () => {
    expect(documentDate({ sourceDateEpoch: '1790000000', asOf: '2026-08-01', periodEnd: '2026-09-30' }).toISOString()).toBe(
      '2026-09-21T14:13:20.000Z',
    );
    expect(documentDate({ asOf: '2026-08-01', periodEnd: '2026-09-30' }).toISOString()).toBe('2026-08-01T00:00:00.000Z');
    expect(documentDate({ sourceDateEpoch: '', periodEnd: '2026-09-30' }).toISOString()).toBe('2026-09-30T00:00:00.000Z');
  });
});

describe('NoteBoxes (issue 10 item 16)', () => {
  it('keeps 7 bytes a note in fixed chunks, every place and height read back across chunk boundaries', () => {
    const boxes = new NoteBoxes();
    const n = 200_000;
    for (let i = 0; i < n; i++) boxes.push(3 + Math.floor(i / 47), 1 + (i % 16_384), 1 + (i % 25));
    expect(boxes.length).toBe(n);
    // 12 bytes a note in one array doubled as it grew (262,144 slots: 3.1 MB) before
    expect(boxes.bytes).toBeLessThanOrEqual(7 * (n + 65_536));
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_072, n - 1]) {
      expect([boxes.row(i), boxes.col(i), boxes.height(i)]).toEqual([3 + Math.floor(i / 47), 1 + (i % 16_384), 1 + (i % 25)]);
    }
  });
});

describe('the VML drawing as bytes (issue 10 item 16)', () => {
  it('is byte for byte the string reference, over 150,000 notes of every height and columns up to XFD', () => {
    for (const n of [0, 1, 150_000]) {
      const boxes = new NoteBoxes();
      for (let i = 0; i < n; i++) boxes.push(1 + Math.floor(i / 3), 1 + ((i * 7919) % 16_384), 1 + (i % 25));
      const bytes = Buffer.concat([...vmlXml(boxes)]);
      const reference = Buffer.concat([...vmlXmlReference(boxes)]);
      expect(bytes.length).toBe(reference.length);
      expect(bytes.equals(reference)).toBe(true);
    }
  });
});
