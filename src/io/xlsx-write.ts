/**
 * Writes an in-memory workbook to disk: atomically (temp file in the same folder, then rename), never
 * over an input, and byte-for-byte reproducibly (fixed document dates, a re-packed zip with fixed
 * entry order and timestamps, and the random ids exceljs puts in data-bar rules replaced by stable ones).
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import type ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { SalesgradeError } from '../shared/errors.js';

export interface WriteWorkbookOptions {
  /** Every input the run read (data files, roster, rubric): the output may be none of them. */
  inputs: string[];
  /** The document date written into docProps/core.xml and the zip entries. */
  date: Date;
}

interface ZipEntry {
  name: string;
  data: Buffer;
}

// exceljs gives every data-bar rule a random GUID (x14:id / x14:cfRule id); make them stable.
const X14_ID = /(<x14:id>|<x14:cfRule\b[^>]*?\bid=")\{([0-9A-Fa-f-]{36})\}/g;

/** Replace the random rule ids in one sheet's XML by ids derived from the sheet and their order. */
export function stabiliseRuleIds(xml: string, sheetIndex: number): string {
  const ids = new Map<string, string>();
  return xml.replace(X14_ID, (_m, prefix: string, guid: string) => {
    let stable = ids.get(guid);
    if (stable === undefined) {
      const n = ids.size + 1;
      stable = `00000000-0000-4000-8000-${(sheetIndex * 1_000_000 + n).toString(16).toUpperCase().padStart(12, '0')}`;
      ids.set(guid, stable);
    }
    return `${prefix}{${stable}}`;
  });
}

function readZip(buffer: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('zip: no file'));
      const entries: ZipEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolvePromise(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('zip: no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

function dosDateTime(date: Date): { time: number; date: number } {
  // DOS dates start in 1980; UTC parts so the bytes do not depend on the time zone.
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** A plain zip (deflate, no extra fields, UTF-8 names) whose bytes depend only on the entries and the date. */
export function packZip(entries: readonly ZipEntry[], date: Date): Buffer {
  const { time, date: day } = dosDateTime(date);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const deflated = deflateRawSync(entry.data, { level: 6 });
    const stored = deflated.length >= entry.data.length;
    const body = stored ? entry.data : deflated;
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by (MS-DOS, 2.0)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

/**
 * The workbook as deterministic .xlsx bytes: same workbook content and date → same bytes.
 * Sets the document's created/modified dates to `date` (the workbook object is changed accordingly).
 */
export async function workbookBytes(wb: ExcelJS.Workbook, date: Date): Promise<Buffer> {
  if (Number.isNaN(date.getTime())) throw new SalesgradeError('internal', 'workbook date is not a valid date');
  // Whole seconds: core.xml stores seconds and the zip 2-second steps; keep both stable.
  const fixed = new Date(Math.floor(date.getTime() / 1000) * 1000);
  wb.created = fixed;
  wb.modified = fixed;
  wb.creator = wb.creator || 'salesgrade';
  wb.lastModifiedBy = wb.lastModifiedBy || 'salesgrade';
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  const entries = await readZip(raw);
  let sheetIndex = 0;
  const stable = entries.map((e) => {
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)) {
      sheetIndex++;
      const xml = e.data.toString('utf8');
      const fixedXml = stabiliseRuleIds(xml, Number(/sheet(\d+)\.xml$/.exec(e.name)?.[1] ?? sheetIndex));
      return fixedXml === xml ? e : { name: e.name, data: Buffer.from(fixedXml, 'utf8') };
    }
    return e;
  });
  return packZip(stable, fixed);
}

async function realpathOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch {
    return null;
  }
}

async function statOrNull(p: string): Promise<{ dev: number; ino: number; isDirectory: boolean } | null> {
  try {
    const s = await fs.stat(p);
    return { dev: s.dev, ino: s.ino, isDirectory: s.isDirectory() };
  } catch {
    return null;
  }
}

/** Throws `output-is-input` when `outPath` is, or links to, one of `inputs` (symlinks, hard links, `..`). */
export async function assertNotAnInput(outPath: string, inputs: readonly string[]): Promise<void> {
  const abs = resolve(outPath);
  const outDir = (await realpathOrNull(dirname(abs))) ?? dirname(abs);
  const outReal = (await realpathOrNull(abs)) ?? join(outDir, basename(abs));
  const outStat = await statOrNull(abs);
  for (const input of inputs) {
    const inAbs = resolve(input);
    const inReal = (await realpathOrNull(inAbs)) ?? inAbs;
    const inStat = outStat ? await statOrNull(inAbs) : null;
    const sameInode = outStat && inStat && outStat.dev === inStat.dev && outStat.ino === inStat.ino;
    if (inReal === outReal || sameInode) {
      throw new SalesgradeError('output-is-input', `refusing to write the output over an input file (${input})`, {
        location: { file: outPath },
        hint: 'choose another path with -o; salesgrade never modifies its inputs',
      });
    }
  }
}

function unwritable(outPath: string, err: unknown): SalesgradeError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  const why: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'the path is a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied, or the file is open in another program',
    EBUSY: 'the file is open in another program (close it in Excel/WPS and retry)',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
  };
  return new SalesgradeError('output-unwritable', `cannot write the workbook: ${why[code] ?? (err instanceof Error ? err.message : String(err))}`, {
    location: { file: outPath },
    hint: 'choose another path with -o',
    cause: err,
  });
}

/**
 * Writes `wb` to `outPath`: refuses any path that is or links to an input (`output-is-input`), writes
 * a temp file beside it, fsyncs, then renames over the target; on any failure the temp file is removed
 * and the target is left as it was (`output-unwritable` with the reason). Same workbook and date →
 * byte-identical file.
 */
export async function writeWorkbookAtomic(wb: ExcelJS.Workbook, outPath: string, options: WriteWorkbookOptions): Promise<void> {
  await assertNotAnInput(outPath, options.inputs);
  const abs = resolve(outPath);
  const existing = await statOrNull(abs);
  if (existing?.isDirectory) throw unwritable(outPath, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  if (existing) {
    try {
      await fs.access(abs, fsConstants.W_OK);
    } catch (err) {
      throw unwritable(outPath, err);
    }
  }
  const bytes = await workbookBytes(wb, options.date);
  const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', 0o644);
    await handle.writeFile(bytes);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, abs);
  } catch (err) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw unwritable(outPath, err);
  }
}

/**
 * The date to stamp a reproducible document with: `SOURCE_DATE_EPOCH` (seconds) when set, else the
 * as-of date, else the period's last day (both at 00:00 UTC).
 */
export function documentDate(options: { sourceDateEpoch?: string | undefined; asOf?: string | undefined; periodEnd: string }): Date {
  const epoch = options.sourceDateEpoch?.trim();
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  const day = options.asOf ?? options.periodEnd;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) throw new SalesgradeError('internal', `not a date: ${day}`);
  return d;
}
