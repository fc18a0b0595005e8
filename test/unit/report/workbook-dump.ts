/**
 * Reads a written .xlsx back (exceljs, plus the raw sheet XML for what exceljs does not read back:
 * in-document hyperlinks) into plain data for goldens: values, types, number formats, fills, fonts,
 * notes, merges, frozen panes, autofilters and conditional-format rules.
 */
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import yazl from 'yazl';

export interface CellDump {
  v: unknown;
  t?: string;
  fmt?: string;
  fill?: string;
  font?: string;
  note?: string;
}

export interface SheetDump {
  name: string;
  frozen?: { x: number; y: number };
  autoFilter?: unknown;
  merges: string[];
  widths: (number | undefined)[];
  conditional: unknown[];
  links: Record<string, string>;
  cells: Record<string, CellDump>;
}

const TYPE_NAMES: Record<number, string> = { 0: 'null', 1: 'merge', 2: 'number', 3: 'string', 4: 'date', 5: 'hyperlink', 6: 'formula', 7: 'shared', 8: 'rich', 9: 'boolean', 10: 'error' };

export function readEntries(buf: Buffer): Promise<Map<string, string>> {
  return new Promise((res, rej) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return rej(err);
      const out = new Map<string, string>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (e2, s) => {
          if (e2 || !s) return rej(e2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => res(out));
      zip.on('error', rej);
      zip.readEntry();
    });
  });
}

/** A zip of these parts, in this order (to build damaged workbooks in tests). */
export function zipParts(parts: { name: string; data: Buffer }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const p of parts) if (!p.name.endsWith('/')) zip.addBuffer(p.data, p.name, { mtime: new Date('2026-01-01T00:00:00Z'), forceDosTimestamp: true });
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((res, rej) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => res(Buffer.concat(chunks)));
    zip.outputStream.on('error', rej);
  });
}

function noteText(note: unknown): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note === 'string') return note;
  const texts = (note as { texts?: { text: string }[] }).texts ?? [];
  return texts.map((t) => t.text).join('');
}

function fontText(f: Partial<ExcelJS.Font> | undefined): string | undefined {
  if (!f) return undefined;
  const parts: string[] = [];
  if (f.bold) parts.push('bold');
  if (f.italic) parts.push('italic');
  if (f.underline) parts.push('underline');
  if (f.size && f.size !== 11) parts.push(`size ${f.size}`);
  if (f.color?.argb) parts.push(f.color.argb);
  return parts.length ? parts.join(' ') : undefined;
}

export async function dumpWorkbook(buf: Buffer): Promise<SheetDump[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const entries = await readEntries(buf);
  const sheets: SheetDump[] = [];
  wb.eachSheet((ws) => {
    const xml = entries.get(`xl/worksheets/sheet${ws.id}.xml`) ?? '';
    const links: Record<string, string> = {};
    for (const m of xml.matchAll(/<hyperlink ref="([A-Z]+\d+)"[^>]*?location="([^"]*)"/g)) links[m[1]!] = m[2]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const cells: Record<string, CellDump> = {};
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        const d: CellDump = { v: cell.value instanceof Date ? cell.value.toISOString() : cell.value };
        const type = TYPE_NAMES[cell.type];
        if (type !== 'number' && type !== 'string') d.t = type;
        if (cell.numFmt) d.fmt = cell.numFmt;
        const fill = cell.fill as ExcelJS.FillPattern | undefined;
        if (fill?.type === 'pattern' && fill.fgColor?.argb) d.fill = fill.fgColor.argb;
        const font = fontText(cell.font);
        if (font) d.font = font;
        const note = noteText(cell.note);
        if (note) d.note = note;
        if (d.v === null && !d.fill && !d.note && !d.font) return;
        cells[cell.address] = d;
      });
    });
    const view = ws.views?.[0];
    const cf = (ws as unknown as { conditionalFormattings?: { ref: string; rules: Record<string, unknown>[] }[] }).conditionalFormattings ?? [];
    sheets.push({
      name: ws.name,
      ...(view?.state === 'frozen' ? { frozen: { x: view.xSplit ?? 0, y: view.ySplit ?? 0 } } : {}),
      autoFilter: ws.autoFilter,
      merges: Object.keys((ws as unknown as { _merges: Record<string, unknown> })._merges).sort(),
      widths: (ws.columns ?? []).map((c) => c.width),
      conditional: cf.map((c) => ({ ref: c.ref, rules: c.rules.map(({ x14Id: _x, ...rest }) => rest) })),
      links,
      cells,
    });
  });
  return sheets;
}
